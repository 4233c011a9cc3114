-- SPEC §5 "Never a figure from missing data": what each family of figures rests on, for each
-- week a report shows (W, W-1, the trend's weeks), in one pass over the tables. Parameter: the
-- weeks as text, `;` between weeks, each `index|week start|cutoff|window start|window start date|
-- end date` (core/weeks.ts, coverageWeeksParam): the 4-week window ending at the
-- cutoff (W and the three weeks before) as UTC instants of local Mondays 00:00, and the same
-- window as local dates for spend. One row per week, by `week_index`.
with

weeks as (

    select
        cast(split_part(week.spec, '|', 1) as integer) as week_index,
        cast(split_part(week.spec, '|', 3) as timestamp) as cutoff,
        cast(split_part(week.spec, '|', 4) as timestamp) as window_start,
        cast(split_part(week.spec, '|', 5) as date) as window_start_date,
        cast(split_part(week.spec, '|', 6) as date) as end_date
    from unnest(split(cast(? as varchar), ';')) as week(spec)

),

activity_counts as (

    -- Follow-ups rest on activities that can be one (stg_activities.is_follow_up_kind, the rule
    -- of int_persons__followed_up): tasks, notes or automated emails alone would make them
    -- "measured" while every lead reads never followed up. `activities_in_window` counts every
    -- activity that happened, to say why when none of them can be a follow-up.
    select
        weeks.week_index,
        coalesce(sum(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at >= weeks.window_start
            and stg_activities.occurred_at < weeks.cutoff then 1 else 0 end), 0) as follow_up_kinds_in_window,
        max(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at < weeks.cutoff
            then stg_activities.occurred_at end) as last_follow_up_kind_at,
        -- The first activity that happened, of any type, before the cutoff: an export with a row
        -- of a day speaks for that day (report/follow-up-gaps.ts).
        min(case when stg_activities.occurred_at < weeks.cutoff then stg_activities.occurred_at end)
            as first_activity_at,
        coalesce(sum(case when stg_activities.occurred_at >= weeks.window_start
            and stg_activities.occurred_at < weeks.cutoff then 1 else 0 end), 0) as activities_in_window,
        count(*) as activities_loaded
    from stg_activities
    cross join weeks
    -- An open task or a planned call says nothing about what was done.
    where stg_activities.has_happened
    group by weeks.week_index

),

spend_counts as (

    select
        weeks.week_index,
        coalesce(sum(case when stg_spend.spend_date >= weeks.window_start_date
            and stg_spend.spend_date < weeks.end_date then 1 else 0 end), 0) as spend_rows_in_window,
        max(case when stg_spend.spend_date < weeks.end_date then stg_spend.spend_date end) as last_spend_date,
        count(*) as spend_rows_loaded
    from stg_spend
    cross join weeks
    group by weeks.week_index

),

-- A deals export that stopped (the last one loaded weeks ago, the sync broken) still holds
-- deals: what shows it is that no deal was created, changed or closed in the window. Each
-- instant is taken before the cutoff, so a close date still ahead says nothing.
deal_counts as (

    select
        weeks.week_index,
        count(*) as deals_loaded,
        coalesce(sum(case when (stg_deals.created_at >= weeks.window_start and stg_deals.created_at < weeks.cutoff)
            or (stg_deals.updated_at >= weeks.window_start and stg_deals.updated_at < weeks.cutoff)
            or (stg_deals.is_closed and stg_deals.closed_at >= weeks.window_start
                and stg_deals.closed_at < weeks.cutoff) then 1 else 0 end), 0) as deals_changed_in_window,
        max(case when stg_deals.created_at < weeks.cutoff then stg_deals.created_at end) as last_deal_created_at,
        max(case when stg_deals.updated_at < weeks.cutoff then stg_deals.updated_at end) as last_deal_updated_at,
        max(case when stg_deals.is_closed and stg_deals.closed_at < weeks.cutoff then stg_deals.closed_at end)
            as last_deal_closed_at
    from stg_deals
    cross join weeks
    group by weeks.week_index

),

-- Idle spend (SPEC §5 `idleSpend`) links a deal to a spend campaign through its lead's campaign
-- (int_persons__campaigned): when no lead created in the window names a campaign (a contacts
-- export without utm_campaign or a campaign column), no campaign can have an opportunity, and
-- "spent without an opportunity" would be claimed of every campaign whatever it brought.
lead_counts as (

    select
        weeks.week_index,
        coalesce(sum(case when int_leads__keyed.created_at >= weeks.window_start and int_leads__keyed.created_at < weeks.cutoff
            then 1 else 0 end), 0) as leads_in_window,
        coalesce(sum(case when int_leads__keyed.created_at >= weeks.window_start and int_leads__keyed.created_at < weeks.cutoff
            and (nullif(trim(int_leads__keyed.campaign_id), '') is not null
                or nullif(trim(int_leads__keyed.campaign_name), '') is not null
                or nullif(trim(int_leads__keyed.utm_campaign), '') is not null) then 1 else 0 end), 0)
            as leads_with_campaign_in_window,
        -- The first lead loaded at all: a week that ends before it has no leads loaded, not 0 leads.
        min(int_leads__keyed.created_at) as first_lead_at
    -- int_leads__keyed: stg_leads' rows, one each, as a table (stg_leads is a view on DuckDB:
    -- reading it re-ran the lead dedupe, 8.7 s of a 12 s report at 1M leads).
    from int_leads__keyed
    cross join weeks
    group by weeks.week_index

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

-- A table without rows gives no group: its counts are 0 and its instants null, as for one week.
select
    weeks.week_index,
    coalesce(activity_counts.follow_up_kinds_in_window, 0) as follow_up_kinds_in_window,
    activity_counts.last_follow_up_kind_at,
    activity_counts.first_activity_at,
    coalesce(activity_counts.activities_in_window, 0) as activities_in_window,
    coalesce(activity_counts.activities_loaded, 0) as activities_loaded,
    coalesce(spend_counts.spend_rows_in_window, 0) as spend_rows_in_window,
    spend_counts.last_spend_date,
    coalesce(spend_counts.spend_rows_loaded, 0) as spend_rows_loaded,
    coalesce(deal_counts.deals_loaded, 0) as deals_loaded,
    coalesce(deal_counts.deals_changed_in_window, 0) as deals_changed_in_window,
    coalesce(lead_counts.leads_in_window, 0) as leads_in_window,
    coalesce(lead_counts.leads_with_campaign_in_window, 0) as leads_with_campaign_in_window,
    lead_counts.first_lead_at,
    deal_counts.last_deal_created_at,
    deal_counts.last_deal_updated_at,
    deal_counts.last_deal_closed_at,
    all_counts.rows_loaded
from weeks
left join activity_counts
    on activity_counts.week_index = weeks.week_index
left join spend_counts
    on spend_counts.week_index = weeks.week_index
left join deal_counts
    on deal_counts.week_index = weeks.week_index
left join lead_counts
    on lead_counts.week_index = weeks.week_index
cross join all_counts
order by weeks.week_index
