-- One row per activity and contact, from the latest version of each CRM record
-- (stg_activities__latest). Deleted activities are dropped; those that have not happened stay
-- (has_happened = false: by their status, or dated after the day their version was exported)
-- and are never a follow-up downstream. `is_follow_up_kind` is the one
-- place that says which activities can be a follow-up at all (SPEC §4.4, docs/methodology.md
-- "Follow-up"): a call, email or meeting not sent or booked by automation. The follow-up model
-- and the coverage of follow-ups both read it, so a file whose activities carry no such type
-- (a Salesforce Tasks report without its Type column: every task loads as `task`) cannot make
-- follow-ups "measured" while no activity in it can ever be one.
with

current_rows as (

    -- Only the columns read below: the window keeps every column it is given.
    select
        source,
        activity_id,
        crm_record_id,
        type,
        -- Happened at a time not known at all (a Salesforce task closed without a completion
        -- time): at some time up to its export day, so it is placed at the latest that day can
        -- end (its UTC start + 36 hours, as below) and flagged; the follow-up model reads it as
        -- a span from the person's creation to then (docs/methodology.md, "Times known only to
        -- the day").
        case
            when coalesce(occurred_at_unknown, false)
                then cast(cast(dt as date) as timestamp) + interval '36' hour
            else occurred_at
        end as occurred_at,
        occurred_at_time_unknown,
        coalesce(occurred_at_unknown, false) as occurred_at_unknown,
        updated_at,
        owner_id,
        email_key,
        lead_id,
        contact_id,
        deal_id,
        is_automated,
        -- Dated after its export day (`dt`, the day its version was loaded) had ended, it had not
        -- happened when exported (a meeting booked for next week, still "Scheduled"): planned,
        -- until a later load shows it. The day's end in any time zone (UTC-12) is 36 hours after
        -- its UTC start: the SQL does no zones (docs/methodology.md, "Follow-up").
        coalesce(has_happened, true)
            and (
                coalesce(occurred_at_unknown, false)
                or occurred_at < cast(cast(dt as date) as timestamp) + interval '36' hour
            ) as has_happened,
        is_deleted,
        -- An id seen under two record ids (rows loaded before record_id existed): newest wins.
        row_number() over (
            partition by source, activity_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as id_rank
    from stg_activities__latest

)

select
    source,
    activity_id,
    crm_record_id as record_id,
    type,
    occurred_at,
    -- Only the day is known (a file loaded before the flag existed: the time is).
    coalesce(occurred_at_time_unknown, false) as occurred_at_time_unknown,
    occurred_at_unknown,
    updated_at,
    owner_id,
    email_key,
    lead_id,
    contact_id,
    deal_id,
    coalesce(is_automated, false) as is_automated,
    coalesce(has_happened, true) as has_happened,
    type in ('call', 'email', 'meeting') and coalesce(is_automated, false) = false as is_follow_up_kind
from current_rows
where id_rank = 1
    and coalesce(is_deleted, false) = false
