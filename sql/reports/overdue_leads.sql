-- Persons of this week and the three before with no follow-up by the cutoff although
-- their SLA has passed (SPEC §5 `overdueLeads`), each with what sales needs to act on it: the
-- owner's name (stg_owners; none when the CRM's owners are not loaded) and whether that owner
-- is deactivated, and the person's name, company and record. A lead's owner is the user of that
-- id; when no user has it (an export that writes the owner's name, "Lead Owner", beside a users
-- export with ids), the one user of the source whose full name it is, compared case- and
-- space-insensitively; two users of that name: none (not guessed). The record is the person's
-- earliest own lead held by the person's owner (earliest of all when no lead has one; ties:
-- source, lead id), so the record and the owner shown belong together and the owner's id is
-- read in that record's source. The owner shown is the record's owner as of the cutoff (the
-- lead quality's version as of a cutoff, int_leads__verdicts): a re-run of a past week names
-- who owned the lead then, not whoever it was reassigned to since. Parameters:
-- window start (Monday of W-3) and cutoff (end of W), UTC instants; then the days no activity
-- load speaks for (functions/core/report/follow-up-gaps.ts: `from|to` pairs joined by `;`).
-- A person whose days from creation to the cutoff meet such a gap, or begin before the first
-- activity loaded, is not accused: `follow_ups_known` is false and the report leaves it out.
-- A person created on a day without a time is listed with its hours past the SLA counted from
-- that day's end, the fewest its hour allows (`hours_overdue_at_least`); one whose SLA may or may
-- not have run by the cutoff, depending on that hour, has `follow_up_verdict` 'untimed': the
-- report counts it as not judged rather than listing it (docs/methodology.md, "Times known only
-- to the day").
with

params as (

    select
        cast(? as timestamp) as window_start,
        cast(? as timestamp) as cutoff

),

-- The days follow-ups are not known (sql/macros/follow_up_gaps.sql).
follow_up_gaps as (

    {{ follow_up_gaps() }}

),

settings as (

    select follow_up_sla_hours from cfg_settings

),

open_persons as (

    select
        fct_persons.email_key,
        fct_persons.created_at,
        fct_persons.owner_id,
        fct_persons.channel,
        fct_persons.person_key,
        -- The SLA verdict as of the cutoff (sql/macros/sla_verdict.sql: one rule for every report).
        {{ sla_verdict(params.cutoff) }} as follow_up_verdict,
        -- Hours past the SLA from the latest creation: exact with a time, the fewest the day
        -- allows when the creation is known only to the day (`hours_overdue_at_least`).
        (to_unixtime(params.cutoff) - to_unixtime(fct_persons.created_latest_at)) / 3600.0
            - settings.follow_up_sla_hours as hours_overdue,
        fct_persons.created_at_time_unknown as hours_overdue_at_least
    from fct_persons
    cross join params
    cross join settings
    where fct_persons.created_at >= params.window_start
        and fct_persons.created_at < params.cutoff
        and (fct_persons.first_follow_up_at is null or fct_persons.first_follow_up_at >= params.cutoff)

),

overdue as (

    -- Overdue, and those a day-only creation leaves without a verdict ('untimed': overdue or
    -- pending depending on its hour), which the report counts instead of listing.
    select * from open_persons where follow_up_verdict in ('overdue', 'untimed')

),

-- Overdue persons whose days from creation to the cutoff meet a gap: not known to be overdue.
unknown_persons as (

    select distinct overdue.person_key
    from overdue
    cross join params
    inner join follow_up_gaps
        on follow_up_gaps.gap_from < params.cutoff
        and follow_up_gaps.gap_to > overdue.created_at

),

records as (

    -- A record merged into another is no lead of its own: never the one linked.
    select
        overdue.person_key,
        int_leads__keyed.source,
        int_leads__keyed.lead_id,
        int_leads__keyed.first_name,
        int_leads__keyed.last_name,
        int_leads__keyed.company,
        row_number() over (
            partition by overdue.person_key
            order by
                case when int_leads__keyed.owner_id = overdue.owner_id then 0 else 1 end asc,
                int_leads__keyed.created_at asc,
                int_leads__keyed.source asc,
                int_leads__keyed.lead_id asc
        ) as record_rank
    from overdue
    inner join int_leads__keyed
        on int_leads__keyed.person_key = overdue.person_key
    where int_leads__keyed.merged_into_lead_id is null

),

-- The linked record's version as of the cutoff: of its versions changed (else created) before
-- the cutoff, the first in stg_leads' order known by the cutoff (as lead_quality.sql). When none
-- was known by it (a file without "Last Modified" exported after the week, a first pull after a
-- reassignment), the earliest version known, the nearest to the cutoff, and
-- `owner_known_at_cutoff` is false: the owner shown may have been given the lead since.
owner_order as (

    select
        verdicts.source,
        verdicts.lead_id,
        coalesce(
            min(case when verdicts.entered_at < params.cutoff and verdicts.known_at <= params.cutoff then verdicts.version_order end),
            max(verdicts.version_order)
        ) as version_order,
        count(case when verdicts.entered_at < params.cutoff and verdicts.known_at <= params.cutoff then 1 end) > 0
            as owner_known_at_cutoff
    from int_leads__verdicts as verdicts
    inner join records
        on records.source = verdicts.source
        and records.lead_id = verdicts.lead_id
        and records.record_rank = 1
    cross join params
    group by verdicts.source, verdicts.lead_id

),

owner_as_of as (

    select
        owner_order.source,
        owner_order.lead_id,
        verdicts.owner_id,
        owner_order.owner_known_at_cutoff
    from owner_order
    inner join int_leads__verdicts as verdicts
        on verdicts.source = owner_order.source
        and verdicts.lead_id = owner_order.lead_id
        and verdicts.version_order = owner_order.version_order

),

listed as (

    select
        overdue.*,
        records.source,
        records.lead_id,
        records.first_name,
        records.last_name,
        records.company,
        -- No record linked (cannot be: the person has a lead): the person's owner.
        case when owner_as_of.lead_id is null then overdue.owner_id else owner_as_of.owner_id end as owner_as_of_id,
        coalesce(owner_as_of.owner_known_at_cutoff, false) as owner_known_at_cutoff
    from overdue
    left join records
        on records.person_key = overdue.person_key
        and records.record_rank = 1
    left join owner_as_of
        on owner_as_of.source = records.source
        and owner_as_of.lead_id = records.lead_id

),

-- Users by full name: lower-case, runs of white space one space. A name two users share in a
-- source is left out: its leads get no user rather than a guessed one. Read from stg_owners
-- alone (not from `listed`, which Trino would compute again for every reference to it).
owner_names as (

    select
        source,
        array_join(regexp_extract_all(lower(name), '\S+'), ' ') as name_key,
        min(owner_id) as owner_id
    from stg_owners
    where name is not null
    group by source, array_join(regexp_extract_all(lower(name), '\S+'), ' ')
    having count(*) = 1

),

owners_by_name as (

    select
        owner_names.source,
        owner_names.name_key,
        stg_owners.name,
        stg_owners.is_active
    from owner_names
    inner join stg_owners
        on stg_owners.source = owner_names.source
        and stg_owners.owner_id = owner_names.owner_id

)

select
    listed.email_key,
    listed.created_at,
    listed.owner_as_of_id as owner_id,
    -- Each owner reference's user: the user of that id, else the one user of that full name.
    case when id_at_cutoff.owner_id is not null then id_at_cutoff.name else name_at_cutoff.name end as owner_name,
    -- Deactivated or deleted in the CRM (stg_owners), and the lead not given to an active owner
    -- since (the person's owner today): nobody will follow the lead up.
    coalesce(
        not (case when id_at_cutoff.owner_id is not null then id_at_cutoff.is_active else name_at_cutoff.is_active end),
        false
    )
        and (
            listed.owner_id is null
            or listed.owner_id = listed.owner_as_of_id
            or coalesce(
                not (case when id_today.owner_id is not null then id_today.is_active else name_today.is_active end),
                false
            )
        ) as owner_inactive,
    listed.owner_known_at_cutoff,
    listed.channel,
    listed.hours_overdue,
    listed.hours_overdue_at_least,
    listed.follow_up_verdict,
    listed.source,
    listed.lead_id,
    nullif(trim(concat(coalesce(listed.first_name, ''), ' ', coalesce(listed.last_name, ''))), '') as lead_name,
    listed.company,
    unknown_persons.person_key is null as follow_ups_known
from listed
left join unknown_persons
    on unknown_persons.person_key = listed.person_key
left join stg_owners as id_at_cutoff
    on id_at_cutoff.source = listed.source
    and id_at_cutoff.owner_id = listed.owner_as_of_id
left join owners_by_name as name_at_cutoff
    on name_at_cutoff.source = listed.source
    and name_at_cutoff.name_key = array_join(regexp_extract_all(lower(listed.owner_as_of_id), '\S+'), ' ')
left join stg_owners as id_today
    on id_today.source = listed.source
    and id_today.owner_id = listed.owner_id
left join owners_by_name as name_today
    on name_today.source = listed.source
    and name_today.name_key = array_join(regexp_extract_all(lower(listed.owner_id), '\S+'), ' ')
order by listed.hours_overdue desc, listed.person_key asc
