-- SPEC §5 figures for one week. Parameters: week start and end (UTC instants of local
-- Monday 00:00), and the same week as local dates for spend; then the days no activity load
-- speaks for (functions/core/report/follow-up-gaps.ts: `from|to` pairs joined by `;`).
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end,
        cast(? as date) as start_date,
        cast(? as date) as end_date

),

-- The days follow-ups are not known (sql/macros/follow_up_gaps.sql).
follow_up_gaps as (

    {{ follow_up_gaps() }}

),

settings as (

    select follow_up_sla_hours from cfg_settings

),

-- Paid channels: the channels with spend rows dated in W (SPEC §5 paid figures).
paid_channels as (

    select distinct fct_spend.channel
    from fct_spend
    cross join params
    where fct_spend.spend_date >= params.start_date
        and fct_spend.spend_date < params.end_date

),

week_persons as (

    select
        fct_persons.person_key,
        fct_persons.created_at,
        -- MQL as of the cutoff (SPEC §5 `mqls`), from every version of its leads loaded: a lead
        -- recycled after its week stays an MQL of that week, and one qualified later is not.
        coalesce(fct_persons.mql_since <= params.week_end, false) as is_mql,
        paid_channels.channel is not null as is_paid,
        -- A follow-up after the cutoff does not exist yet for this week's report. Hours only when
        -- both times are known (the median): never from an invented midnight.
        case
            when fct_persons.first_follow_up_at < params.week_end then fct_persons.hours_to_first_follow_up
        end as hours_to_follow_up,
        -- The SLA verdict as of the cutoff (sql/macros/sla_verdict.sql: one rule for every report).
        {{ sla_verdict(params.week_end) }} as follow_up_verdict,
        {{ verdict_until(params.week_end) }} as verdict_until
    from fct_persons
    cross join params
    cross join settings
    left join paid_channels on paid_channels.channel = coalesce(fct_persons.channel, 'other')
    where fct_persons.created_at >= params.week_start
        and fct_persons.created_at < params.week_end

),

unjudged_persons as (

    select distinct week_persons.person_key
    from week_persons
    inner join follow_up_gaps
        on to_unixtime(follow_up_gaps.gap_from) < week_persons.verdict_until
        and follow_up_gaps.gap_to > week_persons.created_at

),

classified as (

    select
        week_persons.*,
        -- Within the SLA, pending or without a verdict whatever the days not loaded hold; late
        -- or overdue rests on them.
        case
            when week_persons.follow_up_verdict in ('within_sla', 'pending', 'untimed') then week_persons.follow_up_verdict
            when unjudged_persons.person_key is not null then 'unknown'
            else week_persons.follow_up_verdict
        end as follow_up_status
    from week_persons
    cross join settings
    left join unjudged_persons
        on unjudged_persons.person_key = week_persons.person_key

),

lead_figures as (

    select
        count(*) as leads,
        coalesce(sum(case when is_mql then 1 else 0 end), 0) as mqls,
        coalesce(sum(case when is_paid then 1 else 0 end), 0) as paid_leads,
        coalesce(sum(case when follow_up_status = 'within_sla' then 1 else 0 end), 0) as followed_up_within_sla,
        coalesce(sum(case when follow_up_status = 'late' then 1 else 0 end), 0) as followed_up_late,
        coalesce(sum(case when follow_up_status = 'overdue' then 1 else 0 end), 0) as overdue,
        coalesce(sum(case when follow_up_status = 'pending' then 1 else 0 end), 0) as pending,
        coalesce(sum(case when follow_up_status = 'untimed' then 1 else 0 end), 0) as untimed_leads,
        coalesce(sum(case when is_mql and follow_up_status = 'within_sla' then 1 else 0 end), 0)
            as mqls_within_sla,
        coalesce(sum(case when is_mql and follow_up_status in ('within_sla', 'late', 'overdue') then 1 else 0 end), 0)
            as mqls_due
    from classified

),

-- Exact median without percentile functions (Trino has only approximate ones).
follow_up_order as (

    select
        hours_to_follow_up,
        row_number() over (order by hours_to_follow_up) as position,
        count(*) over () as total
    from classified
    where hours_to_follow_up is not null
        and follow_up_status not in ('untimed', 'unknown')

),

median as (

    select avg(hours_to_follow_up) as median_hours_to_follow_up
    from follow_up_order
    where position in (floor((total + 1) / 2.0), floor((total + 2) / 2.0))

),

deal_figures as (

    select
        coalesce(sum(case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            then 1 else 0 end), 0) as opportunities,
        coalesce(sum(case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            and fct_deals.is_marketing_sourced then 1 else 0 end), 0) as marketing_sourced_opportunities,
        coalesce(sum(case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            then fct_deals.amount_converted end), 0) as pipeline,
        coalesce(sum(case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            and fct_deals.is_marketing_sourced then fct_deals.amount_converted end), 0)
            as marketing_sourced_pipeline,
        coalesce(sum(case when fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end then 1 else 0 end), 0) as won_deals,
        coalesce(sum(case when fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end then fct_deals.amount_converted end), 0) as won_revenue,
        coalesce(sum(case when fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end and fct_deals.is_marketing_sourced
            then fct_deals.amount_converted end), 0) as marketing_sourced_won_revenue,
        coalesce(sum(case when fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end
            and fct_deals.is_marketing_sourced and paid_channels.channel is not null then 1 else 0 end), 0)
            as paid_opportunities,
        coalesce(sum(case when fct_deals.is_won and fct_deals.closed_at >= params.week_start
            and fct_deals.closed_at < params.week_end and fct_deals.is_marketing_sourced
            and paid_channels.channel is not null then fct_deals.amount_converted end), 0) as paid_won_revenue
    from fct_deals
    cross join params
    left join paid_channels on paid_channels.channel = coalesce(fct_deals.channel, 'other')
    where (fct_deals.created_at >= params.week_start and fct_deals.created_at < params.week_end)
        or (fct_deals.closed_at >= params.week_start and fct_deals.closed_at < params.week_end)

),

spend_figures as (

    select coalesce(sum(fct_spend.cost_converted), 0) as spend
    from fct_spend
    cross join params
    where fct_spend.spend_date >= params.start_date
        and fct_spend.spend_date < params.end_date

)

select
    lead_figures.leads,
    lead_figures.mqls,
    lead_figures.followed_up_within_sla,
    lead_figures.followed_up_late,
    lead_figures.overdue,
    lead_figures.pending,
    lead_figures.untimed_leads,
    cast(lead_figures.followed_up_within_sla as double)
        / nullif(lead_figures.followed_up_within_sla + lead_figures.followed_up_late + lead_figures.overdue, 0)
        as sla_rate,
    cast(lead_figures.mqls_within_sla as double) / nullif(lead_figures.mqls_due, 0) as sla_rate_mqls,
    median.median_hours_to_follow_up,
    deal_figures.opportunities,
    deal_figures.marketing_sourced_opportunities,
    deal_figures.pipeline,
    deal_figures.marketing_sourced_pipeline,
    deal_figures.won_deals,
    deal_figures.won_revenue,
    deal_figures.marketing_sourced_won_revenue,
    spend_figures.spend,
    spend_figures.spend / nullif(lead_figures.leads, 0) as cpl,
    spend_figures.spend / nullif(deal_figures.marketing_sourced_opportunities, 0) as cost_per_opportunity,
    deal_figures.marketing_sourced_won_revenue / nullif(spend_figures.spend, 0) as roas,
    lead_figures.paid_leads,
    spend_figures.spend / nullif(lead_figures.paid_leads, 0) as paid_cpl,
    deal_figures.paid_opportunities,
    spend_figures.spend / nullif(deal_figures.paid_opportunities, 0) as paid_cost_per_opportunity,
    deal_figures.paid_won_revenue,
    deal_figures.paid_won_revenue / nullif(spend_figures.spend, 0) as paid_roas
from lead_figures
cross join median
cross join deal_figures
cross join spend_figures
