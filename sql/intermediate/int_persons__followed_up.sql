-- First follow-up per person (SPEC §4.4): the earliest non-automated call, email or meeting that happened
-- on one of the person's email keys, on one of its leads (or a record merged into one), or on
-- the contact one of its leads was converted into (`contact_id` = `converted_contact_id`:
-- Salesforce moves a converted lead's activities to its contact), at or after the person's
-- creation. An activity known only to the day counts from its day on (the day of the creation
-- included: it may have been after it), and when such an activity is the first, the first
-- follow-up's time is unknown too (docs/methodology.md, "Times known only to the day"):
-- `first_follow_up_latest_at` bounds it from above. An activity that happened at a time not
-- known at all (`occurred_at_unknown`) counts likewise, spanning the person's creation to its
-- export day: the person is followed up, never overdue, and untimed unless even that is in the SLA. Each
-- activity is looked up by its handles (lead, email, contact) in one equi-join on
-- int_persons__handles, so this stays a hash join at any scale.
with

persons as (

    select person_key, created_at from int_persons__attributed

),

follow_ups as (

    select source, email_key, lead_id, contact_id, occurred_at, occurred_at_time_unknown, occurred_at_unknown
    from stg_activities
    -- A non-automated call, email or meeting: the rule is stg_activities.is_follow_up_kind.
    where is_follow_up_kind
        and has_happened

),

named as (

    select
        handle.value as handle,
        follow_ups.occurred_at,
        follow_ups.occurred_at_time_unknown,
        follow_ups.occurred_at_unknown
    from follow_ups
    cross join unnest(
        array[
            'L' || follow_ups.source || '|' || follow_ups.lead_id,
            'E' || follow_ups.email_key,
            'C' || follow_ups.source || '|' || follow_ups.contact_id
        ]
    ) as handle(value)
    where handle.value is not null

),

-- Each activity of a person as the span it can have happened in: an instant (its time), a day
-- (known only to the day: its start to 24 hours later), or, happened at a time not known at all
-- (occurred_at_unknown), the person's creation to the latest its export day can end (stg's
-- occurred_at). `spanned` marks the last two.
spans as (

    select
        persons.person_key,
        named.occurred_at_time_unknown or named.occurred_at_unknown as spanned,
        case when named.occurred_at_unknown then persons.created_at else named.occurred_at end as span_start,
        case
            when named.occurred_at_unknown then named.occurred_at
            when named.occurred_at_time_unknown then named.occurred_at + interval '1' day
            else named.occurred_at
        end as span_end
    from named
    inner join int_persons__handles as handles
        on handles.handle = named.handle
    inner join persons
        on persons.person_key = handles.person_key
    where (
        not named.occurred_at_time_unknown
        and not named.occurred_at_unknown
        and named.occurred_at >= persons.created_at
    )
        or (named.occurred_at_time_unknown and named.occurred_at + interval '1' day > persons.created_at)
        or (named.occurred_at_unknown and named.occurred_at > persons.created_at)

)

select
    person_key,
    min(span_start) as first_follow_up_at,
    -- A span's start at or before every activity with a time: which came first is unknown.
    coalesce(
        min(case when spanned then span_start end) <= min(span_start),
        false
    ) as first_follow_up_time_unknown,
    -- The latest the first follow-up can have been: the end of the earliest-ending span (a day:
    -- its start + 24 hours), but never after an activity with a time; the first follow-up
    -- itself when it has its time.
    case
        when min(case when spanned then span_start end) is null
            then min(span_start)
        when min(case when not spanned then span_start end) is null
            then min(span_end)
        else least(
            min(case when spanned then span_end end),
            min(case when not spanned then span_start end)
        )
    end as first_follow_up_latest_at
from spans
group by person_key
