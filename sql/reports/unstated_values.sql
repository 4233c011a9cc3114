-- Values the week's figures need and the data does not state, per source (the report's
-- `dataQuality.assumptions`), one row per kind and source that has some:
-- - `leadsWithoutStage`: leads created in the week of which no version loaded states a
--   lifecycle_stage or an mql_at. SPEC §5 `mqls` reads such a lead as not an MQL, so a file or
--   source that never says (a canonical CSV without those columns, a CRM without lifecycle
--   stages) would make the week's MQLs a stated 0. Records deleted or merged away are not
--   leads of the week.
-- - `dealsWithoutAmount`: counted deals created in the week, or won in it, without an amount.
--   They count as opportunities and won deals, but pipeline and won revenue leave them out.
-- `rows`: those records; `of`: the source's leads (deals) of the week.
-- Parameters: the week's start and end (UTC instants of local Mondays 00:00).
with

params as (

    select
        cast(? as timestamp) as week_start,
        cast(? as timestamp) as week_end

),

lead_records as (

    select
        leads.source,
        leads.lead_id,
        max(case when leads.lifecycle_stage is not null or leads.mql_at is not null then 1 else 0 end)
            as states_stage,
        max(case when coalesce(leads.is_deleted, false) or leads.merged_into_lead_id is not null then 1 else 0 end)
            as is_gone
    from leads
    cross join params
    where leads.created_at >= params.week_start
        and leads.created_at < params.week_end
    group by leads.source, leads.lead_id

),

week_deals as (

    select
        stg_deals.source,
        stg_deals.amount
    from stg_deals
    cross join params
    where (stg_deals.created_at >= params.week_start and stg_deals.created_at < params.week_end)
        or (stg_deals.is_won and stg_deals.closed_at >= params.week_start and stg_deals.closed_at < params.week_end)

),

unstated as (

    select
        'leadsWithoutStage' as kind,
        lead_records.source,
        sum(case when lead_records.states_stage = 0 then 1 else 0 end) as unstated_rows,
        count(*) as of_rows
    from lead_records
    where lead_records.is_gone = 0
    group by lead_records.source

    union all

    select
        'dealsWithoutAmount' as kind,
        week_deals.source,
        sum(case when week_deals.amount is null then 1 else 0 end) as unstated_rows,
        count(*) as of_rows
    from week_deals
    group by week_deals.source

)

select
    unstated.kind,
    unstated.source,
    unstated.unstated_rows,
    unstated.of_rows
from unstated
where unstated.unstated_rows > 0
order by unstated.kind, unstated.source
