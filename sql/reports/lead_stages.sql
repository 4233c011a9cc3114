-- The week's leads whose MQL status no version states: no lifecycle_stage and no mql_at in any
-- version loaded (SPEC §5 `mqls` reads such a lead as not an MQL). A file or source that never
-- says (a canonical CSV without those columns, a CRM without lifecycle stages) would make the
-- week's MQLs a stated 0; the report names each source and how many of its leads of the week
-- rest on nothing (`dataQuality.assumptions`, kind `leadsWithoutStage`). Records deleted or
-- merged away are not leads of the week. Parameters: the week's start and end (UTC instants of
-- local Mondays 00:00).
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

)

select
    lead_records.source,
    count(*) as leads,
    sum(case when lead_records.states_stage = 0 then 1 else 0 end) as leads_without_stage
from lead_records
where lead_records.is_gone = 0
group by lead_records.source
order by lead_records.source
