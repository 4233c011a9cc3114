-- Values the week's figures need and the data does not state, per source (the report's
-- `dataQuality.assumptions`), one row per kind and source that has some:
-- - `leadsWithoutStage`: leads created in the week of which no version loaded states a
--   lifecycle_stage or an mql_at. SPEC §5 `mqls` reads such a lead as not an MQL, so a file or
--   source that never says (a canonical CSV without those columns, a CRM without lifecycle
--   stages) would make the week's MQLs a stated 0. Records deleted or merged away are not
--   leads of the week.
-- - `dealsWithoutAmount`: counted deals created in the week, or won in it, without an amount.
--   They count as opportunities and won deals, but pipeline and won revenue leave them out.
-- - `dealsLeftOut`: deals created in the week, or won in it, of a loaded source `dealSources`
--   leaves out (stg_deals counts only the CRMs it names) that are no likely twin of a counted
--   deal (deal_sources.sql's test: same name, amount and currency, created within 7 days, no
--   conflicting domain). A mirroring CRM's copies are twins; these are deals no figure counts,
--   said so that a CRM of its own left out of `dealSources` is not silently missing.
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

-- The latest version of each deal of a source dealSources leaves out (stg_deals' order).
left_out_versions as (

    select
        deals.source,
        deals.deal_id,
        lower(trim(deals.name)) as name_key,
        deals.amount,
        deals.currency,
        regexp_replace(lower(trim(deals.account_domain)), '^www\.', '') as account_domain,
        deals.created_at,
        case when deals.is_won then deals.closed_at end as won_at,
        coalesce(deals.is_deleted, false) as is_deleted,
        row_number() over (
            partition by source, deal_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from deals
    where exists (select 1 from cfg_deal_sources)
        and deals.source not in (select cfg_deal_sources.source from cfg_deal_sources)

),

left_out_deals as (

    select * from left_out_versions where version_rank = 1

),

-- The left-out deals that are a likely twin of a counted deal (an equi-join, as deal_sources.sql).
left_out_twins as (

    select distinct
        left_out_deals.source,
        left_out_deals.deal_id
    from left_out_deals
    inner join stg_deals
        on lower(trim(stg_deals.name)) = left_out_deals.name_key
        and stg_deals.amount = left_out_deals.amount
        and stg_deals.currency = left_out_deals.currency
    where abs(to_unixtime(stg_deals.created_at) - to_unixtime(left_out_deals.created_at)) <= 7 * 86400
        and (
            stg_deals.account_domain is null
            or left_out_deals.account_domain is null
            or stg_deals.account_domain = left_out_deals.account_domain
        )

),

left_out_week as (

    select
        left_out_deals.source,
        case when left_out_twins.deal_id is null then 0 else 1 end as is_twin
    from left_out_deals
    left join left_out_twins
        on left_out_twins.source = left_out_deals.source
        and left_out_twins.deal_id = left_out_deals.deal_id
    cross join params
    where not left_out_deals.is_deleted
        and (
            (left_out_deals.created_at >= params.week_start and left_out_deals.created_at < params.week_end)
            or (left_out_deals.won_at >= params.week_start and left_out_deals.won_at < params.week_end)
        )

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

    union all

    select
        'dealsLeftOut' as kind,
        left_out_week.source,
        sum(case when left_out_week.is_twin = 0 then 1 else 0 end) as unstated_rows,
        count(*) as of_rows
    from left_out_week
    group by left_out_week.source

)

select
    unstated.kind,
    unstated.source,
    unstated.unstated_rows,
    unstated.of_rows
from unstated
where unstated.unstated_rows > 0
order by unstated.kind, unstated.source
