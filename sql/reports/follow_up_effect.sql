-- The follow-up effect (SPEC §5b) and the follow-up of each channel's leads of W, as counts
-- of persons per (channel, created in W, follow-up group, has an opportunity); the report
-- adds them up. Parameters: cohort start (local Monday 00:00 twelve weeks before W), week
-- start and cutoff (end of W), UTC instants; then the days no activity load speaks for
-- (functions/core/report/follow-up-gaps.ts: `from|to` pairs joined by `;`).
with

params as (

    select
        cast(? as timestamp) as cohort_start,
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as cutoff

),

-- The days follow-ups are not known (sql/macros/follow_up_gaps.sql).
follow_up_gaps as (

    {{ follow_up_gaps() }}

),

settings as (

    select follow_up_sla_hours from cfg_settings

),

-- Persons that are the attributed person of a matched deal created before the cutoff.
opportunity_persons as (

    select distinct fct_deals.person_key
    from fct_deals
    cross join params
    where fct_deals.is_marketing_sourced
        and fct_deals.created_at < params.cutoff

),

cohort as (

    select
        fct_persons.person_key,
        coalesce(fct_persons.channel, 'other') as channel,
        fct_persons.created_at >= params.week_start as is_week,
        -- The SLA verdict as of the cutoff (sql/macros/sla_verdict.sql: one rule for every report).
        {{ sla_verdict(params.cutoff) }} as follow_up_verdict,
        fct_persons.created_at,
        {{ verdict_until(params.cutoff) }} as verdict_until
    from fct_persons
    cross join params
    cross join settings
    where fct_persons.created_at >= params.cohort_start
        and fct_persons.created_at < params.cutoff

),

-- Persons whose group would rest on days no activity load speaks for (before a source's first
-- day, or between two declared periods): in no group ('unknown'), whatever sales did.
unjudged_persons as (

    select distinct cohort.person_key
    from cohort
    inner join follow_up_gaps
        on to_unixtime(follow_up_gaps.gap_from) < cohort.verdict_until
        and follow_up_gaps.gap_to > cohort.created_at

),

classified as (

    select
        cohort.person_key,
        cohort.channel,
        cohort.is_week,
        -- In the order of weekly_totals.sql's statuses, so each channel's follow-up adds up to the
        -- headline's: a follow-up within the SLA is one whatever days are unknown (an earlier one
        -- in them would be within it too); late or never rests on the days not known.
        case
            when cohort.follow_up_verdict in ('within_sla', 'untimed') then cohort.follow_up_verdict
            when unjudged_persons.person_key is not null then 'unknown'
            when cohort.follow_up_verdict = 'overdue' then 'never'
            else cohort.follow_up_verdict
        end as follow_up_group
    from cohort
    cross join settings
    left join unjudged_persons
        on unjudged_persons.person_key = cohort.person_key

),

grouped as (

    select
        classified.channel,
        classified.is_week,
        classified.follow_up_group,
        opportunity_persons.person_key is not null as has_opportunity,
        count(*) as persons
    from classified
    left join opportunity_persons
        on opportunity_persons.person_key = classified.person_key
    group by
        classified.channel,
        classified.is_week,
        classified.follow_up_group,
        opportunity_persons.person_key is not null

)

select
    grouped.channel,
    grouped.is_week,
    grouped.follow_up_group,
    grouped.has_opportunity,
    grouped.persons
from grouped
order by grouped.channel, grouped.is_week, grouped.follow_up_group, grouped.has_opportunity
