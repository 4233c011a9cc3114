-- Weekly lead cohorts (docs/methodology.md, Lead cohorts): the persons created in each of the
-- last 8 weeks, all judged as of one cutoff (the end of the report week). Parameters: the
-- cutoff, then each cohort week's start and end (UTC instants of local Monday 00:00, computed
-- in TypeScript with the reporting time zone), oldest first; then the days no activity load
-- speaks for (functions/core/report/follow-up-gaps.ts: `from|to` pairs joined by `;`). The SQL
-- never does zones.
with

params as (

    select cast(? as timestamp) as cutoff

),

cohort_weeks as (

    select
        week_index,
        cast(week_start as timestamp) as week_start,
        cast(week_end as timestamp) as week_end
    from (
        values
            (0, ?, ?),
            (1, ?, ?),
            (2, ?, ?),
            (3, ?, ?),
            (4, ?, ?),
            (5, ?, ?),
            (6, ?, ?),
            (7, ?, ?)
    ) as weeks (week_index, week_start, week_end)

),

-- The days follow-ups are not known (sql/macros/follow_up_gaps.sql).
follow_up_gaps as (

    {{ follow_up_gaps() }}

),

settings as (

    select follow_up_sla_hours from cfg_settings

),

-- Follow-ups are known only from the first activity loaded (int_activities__first): a person
-- created before it would read as never followed up whatever sales did. As of the cutoff.
first_activity as (

    select
        case
            when int_activities__first.first_activity_at < params.cutoff then int_activities__first.first_activity_at
        end as first_activity_at
    from int_activities__first
    cross join params

),

-- The persons with a matched deal created before the cutoff (an opportunity), and whether one
-- of those closed won before it. A deal created or won after the cutoff does not exist yet.
deal_persons as (

    select
        fct_deals.person_key,
        max(case when fct_deals.is_won and fct_deals.closed_at < params.cutoff then 1 else 0 end) as has_won
    from fct_deals
    cross join params
    where fct_deals.person_key is not null
        and fct_deals.created_at < params.cutoff
    group by fct_deals.person_key

),

cohort_persons as (

    select
        cohort_weeks.week_index,
        -- MQL as of the cutoff: the same rule as weekly_totals' `mqls` (fct_persons.mql_since).
        coalesce(fct_persons.mql_since <= params.cutoff, false) as is_mql,
        -- A follow-up after the cutoff does not exist yet for this report.
        coalesce(fct_persons.first_follow_up_at < params.cutoff, false) as is_followed_up,
        -- 'untimed' persons are out of the within-SLA rate's base.
        -- The SLA verdict as of the cutoff (sql/macros/sla_verdict.sql: one rule for every report).
        {{ sla_verdict(params.cutoff) }} as follow_up_verdict,
        deal_persons.person_key is not null as is_opportunity,
        coalesce(deal_persons.has_won, 0) = 1 as is_won,
        fct_persons.person_key,
        fct_persons.created_at,
        {{ verdict_until(params.cutoff) }} as verdict_until
    from fct_persons
    cross join params
    cross join settings
    inner join cohort_weeks
        on fct_persons.created_at >= cohort_weeks.week_start
        and fct_persons.created_at < cohort_weeks.week_end
    left join deal_persons on deal_persons.person_key = fct_persons.person_key
    where fct_persons.created_at < params.cutoff

),

-- Persons whose verdict would rest on days no activity load speaks for (a follow-up there was
-- never loaded): their cohort's follow-up figures are not known.
unjudged_persons as (

    select distinct cohort_persons.week_index, cohort_persons.person_key
    from cohort_persons
    inner join follow_up_gaps
        on to_unixtime(follow_up_gaps.gap_from) < cohort_persons.verdict_until
        and follow_up_gaps.gap_to > cohort_persons.created_at
    where cohort_persons.follow_up_verdict <> 'within_sla'

),

unjudged_weeks as (

    select week_index, count(*) as unjudged
    from unjudged_persons
    group by week_index

),

cohort_counts as (

    select
        cohort_weeks.week_index,
        count(cohort_persons.week_index) as leads,
        coalesce(sum(case when cohort_persons.is_mql then 1 else 0 end), 0) as mqls,
        coalesce(sum(case when cohort_persons.is_followed_up then 1 else 0 end), 0) as followed_up,
        coalesce(sum(case when cohort_persons.follow_up_verdict = 'within_sla' then 1 else 0 end), 0)
            as followed_up_within_sla,
        coalesce(sum(case when cohort_persons.follow_up_verdict = 'untimed' then 1 else 0 end), 0) as untimed_leads,
        coalesce(sum(case when cohort_persons.is_opportunity then 1 else 0 end), 0) as opportunities,
        coalesce(sum(case when cohort_persons.is_won then 1 else 0 end), 0) as won
    from cohort_weeks
    left join cohort_persons on cohort_persons.week_index = cohort_weeks.week_index
    group by cohort_weeks.week_index

)

-- Rates over the cohort's persons; null for a cohort without any. The within-SLA rate is over
-- the persons with an SLA verdict possible (all but the untimed ones); null when none has one.
select
    cohort_counts.week_index,
    coalesce(cohort_weeks.week_start >= first_activity.first_activity_at, false)
        and unjudged_weeks.week_index is null as follow_ups_known,
    cohort_counts.leads,
    cohort_counts.mqls,
    cohort_counts.followed_up,
    cohort_counts.followed_up_within_sla,
    cohort_counts.untimed_leads,
    cohort_counts.opportunities,
    cohort_counts.won,
    cast(cohort_counts.mqls as double) / nullif(cohort_counts.leads, 0) as mql_rate,
    cast(cohort_counts.followed_up as double) / nullif(cohort_counts.leads, 0) as followed_up_rate,
    cast(cohort_counts.followed_up_within_sla as double) / nullif(cohort_counts.leads - cohort_counts.untimed_leads, 0)
        as followed_up_within_sla_rate,
    cast(cohort_counts.opportunities as double) / nullif(cohort_counts.leads, 0) as opportunity_rate,
    cast(cohort_counts.won as double) / nullif(cohort_counts.leads, 0) as won_rate
from cohort_counts
inner join cohort_weeks on cohort_weeks.week_index = cohort_counts.week_index
left join unjudged_weeks on unjudged_weeks.week_index = cohort_counts.week_index
cross join first_activity
order by cohort_counts.week_index
