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

-- An open task or a planned call says nothing about what was done: only activities that
-- happened count for follow-ups; every record counts as loaded.
activity_counts as (

    select
        coalesce(sum(case when stg_activities.has_happened
            and stg_activities.occurred_at >= params.window_start
            and stg_activities.occurred_at < params.cutoff then 1 else 0 end), 0) as activities_in_window,
        max(case when stg_activities.has_happened
            and stg_activities.occurred_at < params.cutoff then stg_activities.occurred_at end)
            as last_activity_at,
        coalesce(sum(case when stg_activities.has_happened then 1 else 0 end), 0) as activities_loaded,
        count(*) as activity_records
    from stg_activities
    cross join params

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

deal_counts as (

    select count(*) as deals_loaded from stg_deals

),

-- Records in any table: a store where nothing at all was ever loaded is refused. Counted on
-- the staging and keyed models (one row per record ever loaded, deleted ones too), whose row
-- counts Athena reads from the Parquet footers of the refresh's tables, not on the canonical
-- zone, where a count reads every file of every load.
loaded_counts as (

    select count(*) as rows_loaded from int_leads__keyed
    union all
    select count(*) as rows_loaded from stg_deals
    union all
    select activity_records as rows_loaded from activity_counts
    union all
    select count(*) as rows_loaded from stg_spend

),

all_counts as (

    select sum(rows_loaded) as rows_loaded from loaded_counts

)

select
    activity_counts.activities_in_window,
    activity_counts.last_activity_at,
    activity_counts.activities_loaded,
    spend_counts.spend_rows_in_window,
    spend_counts.last_spend_date,
    spend_counts.spend_rows_loaded,
    deal_counts.deals_loaded,
    all_counts.rows_loaded
from activity_counts
cross join spend_counts
cross join deal_counts
cross join all_counts
