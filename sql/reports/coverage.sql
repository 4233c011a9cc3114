-- SPEC §5 "Never a figure from missing data": what each family of figures rests on, for one
-- report week. Parameters: the 4-week window ending at the cutoff (W and the three weeks
-- before) as UTC instants of local Mondays 00:00, and the same window as local dates for spend.
with

params as (

    select
        cast(? as timestamp) as window_start,
        cast(? as timestamp) as cutoff,
        cast(? as date) as window_start_date,
        cast(? as date) as end_date

),

activity_counts as (

    -- Follow-ups rest on activities that can be one (stg_activities.is_follow_up_kind, the rule
    -- of int_persons__followed_up): tasks, notes or automated emails alone would make them
    -- "measured" while every lead reads never followed up. `activities_in_window` counts every
    -- activity that happened, to say why when none of them can be a follow-up.
    select
        coalesce(sum(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at >= params.window_start
            and stg_activities.occurred_at < params.cutoff then 1 else 0 end), 0) as follow_up_kinds_in_window,
        max(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at < params.cutoff
            then stg_activities.occurred_at end) as last_follow_up_kind_at,
        coalesce(sum(case when stg_activities.occurred_at >= params.window_start
            and stg_activities.occurred_at < params.cutoff then 1 else 0 end), 0) as activities_in_window,
        count(*) as activities_loaded
    from stg_activities
    cross join params
    -- An open task or a planned call says nothing about what was done.
    where stg_activities.has_happened

),

spend_counts as (

    select
        coalesce(sum(case when stg_spend.spend_date >= params.window_start_date
            and stg_spend.spend_date < params.end_date then 1 else 0 end), 0) as spend_rows_in_window,
        max(case when stg_spend.spend_date < params.end_date then stg_spend.spend_date end) as last_spend_date,
        count(*) as spend_rows_loaded
    from stg_spend
    cross join params

),

-- A deals export that stopped (the last one loaded weeks ago, the sync broken) still holds
-- deals: what shows it is that no deal was created, changed or closed in the window. Each
-- instant is taken before the cutoff, so a close date still ahead says nothing.
deal_counts as (

    select
        count(*) as deals_loaded,
        coalesce(sum(case when (stg_deals.created_at >= params.window_start and stg_deals.created_at < params.cutoff)
            or (stg_deals.updated_at >= params.window_start and stg_deals.updated_at < params.cutoff)
            or (stg_deals.is_closed and stg_deals.closed_at >= params.window_start
                and stg_deals.closed_at < params.cutoff) then 1 else 0 end), 0) as deals_changed_in_window,
        max(case when stg_deals.created_at < params.cutoff then stg_deals.created_at end) as last_deal_created_at,
        max(case when stg_deals.updated_at < params.cutoff then stg_deals.updated_at end) as last_deal_updated_at,
        max(case when stg_deals.is_closed and stg_deals.closed_at < params.cutoff then stg_deals.closed_at end)
            as last_deal_closed_at
    from stg_deals
    cross join params

),

-- Rows of any version in any table: a store where nothing at all was ever loaded is refused.
loaded_counts as (

    select count(*) as rows_loaded from leads
    union all
    select count(*) as rows_loaded from deals
    union all
    select count(*) as rows_loaded from activities
    union all
    select count(*) as rows_loaded from spend

),

all_counts as (

    select sum(rows_loaded) as rows_loaded from loaded_counts

)

select
    activity_counts.follow_up_kinds_in_window,
    activity_counts.last_follow_up_kind_at,
    activity_counts.activities_in_window,
    activity_counts.activities_loaded,
    spend_counts.spend_rows_in_window,
    spend_counts.last_spend_date,
    spend_counts.spend_rows_loaded,
    deal_counts.deals_loaded,
    deal_counts.deals_changed_in_window,
    deal_counts.last_deal_created_at,
    deal_counts.last_deal_updated_at,
    deal_counts.last_deal_closed_at,
    all_counts.rows_loaded
from activity_counts
cross join spend_counts
cross join deal_counts
cross join all_counts
