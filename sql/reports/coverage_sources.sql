-- SPEC §5 "Never a figure from missing data", per source: for each source that holds
-- activities, each source, ad platform and ad account (`account_id`; rows without one are one
-- group of their source, platform and currency) that holds spend, and each source with a deal created,
-- changed or closed, in the 4-week window ending at the cutoff (W and the three weeks before),
-- its rows in that window and its newest data before the cutoff (`last_data_at`, an instant, or
-- `last_spend_date`). For activities, rows and newest data count only those that can be a follow-up
-- (stg_activities.is_follow_up_kind); `activities_in_window` counts every activity that happened,
-- so a source whose activities in the window are all tasks, notes or automated (rows_in_window
-- 0) still has a row and is judged: its leads would read never followed up. An activity source's
-- first activity that happened before the cutoff (`first_activity_at`, any type) bounds the
-- days it speaks for follow-ups (report/follow-up-gaps.ts). A source with
-- nothing in the window (one that never held activities, such as a marketing CRM beside the
-- sales CRM) has no row: it is not judged; nor is a CRM whose deals did not move in the window (an
-- old CRM's last export). Deals count as coverage.sql counts them. Whether a source's data
-- stops before the week's end is judged in functions/core/report/coverage.ts.
-- Parameter as coverage.sql: the weeks a report shows, each with its window start and cutoff as
-- UTC instants and the same as local dates; the rows of each week carry its `week_index`.
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

activity_sources as (

    select
        weeks.week_index,
        'followUps' as family,
        stg_activities.source,
        cast(null as varchar) as platform,
        cast(null as varchar) as account_id,
        cast(null as varchar) as currency,
        sum(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at >= weeks.window_start
            and stg_activities.occurred_at < weeks.cutoff then 1 else 0 end) as rows_in_window,
        sum(case when stg_activities.occurred_at >= weeks.window_start
            and stg_activities.occurred_at < weeks.cutoff then 1 else 0 end) as activities_in_window,
        max(case when stg_activities.is_follow_up_kind and stg_activities.occurred_at < weeks.cutoff
            then stg_activities.occurred_at end) as last_data_at,
        cast(null as date) as last_spend_date,
        cast(0 as bigint) as unknown_channel_rows_in_week,
        -- The source's first activity that happened, of any type, before the cutoff: the source
        -- speaks for follow-ups from its day on (report/follow-up-gaps.ts).
        min(case when stg_activities.occurred_at < weeks.cutoff then stg_activities.occurred_at end)
            as first_activity_at
    from stg_activities
    cross join weeks
    -- As coverage.sql: an open task or a planned call says nothing about what was done.
    where stg_activities.has_happened
    group by weeks.week_index, stg_activities.source

),

spend_sources as (

    select
        weeks.week_index,
        'spend' as family,
        stg_spend.source,
        stg_spend.platform,
        -- One account however its id is written (`123-456-7890` in a Google Ads CSV, `1234567890`
        -- from the API; Meta's `act_` prefix; as spend-overlap.ts accountKey, which also drops
        -- any other punctuation: the report's TypeScript matches loads to accounts by it).
        min(stg_spend.account_id) as account_id,
        -- Rows without an account id, per currency: an ad account has one currency, so another
        -- currency is another account (as stg_spend keeps them apart), judged on its own.
        max(case when stg_spend.account_id is null then stg_spend.currency end) as currency,
        sum(case when stg_spend.spend_date >= weeks.window_start_date
            and stg_spend.spend_date < weeks.end_date then 1 else 0 end) as rows_in_window,
        cast(0 as bigint) as activities_in_window,
        cast(null as timestamp) as last_data_at,
        max(case when stg_spend.spend_date < weeks.end_date then stg_spend.spend_date end) as last_spend_date,
        -- Spend rows of the week itself (its Monday is 21 days after the window's) whose channel
        -- is unknown: a Google Ads report without "Campaign type", an unknown type, a canonical
        -- row without one. The paid-channel figures are then not measured (coverage.ts).
        sum(case when stg_spend.channel is null and stg_spend.cost <> 0
            and stg_spend.spend_date >= cast(weeks.window_start_date + interval '21' day as date)
            and stg_spend.spend_date < weeks.end_date then 1 else 0 end) as unknown_channel_rows_in_week,
        cast(null as timestamp) as first_activity_at
    from stg_spend
    cross join weeks
    -- Per ad account: two accounts of one platform under one source (two exports, one of which
    -- stopped) would otherwise be judged as one, the week's spend measured on one account alone.
    group by weeks.week_index, stg_spend.source, stg_spend.platform,
        replace(replace(replace(lower(stg_spend.account_id), 'act_', ''), '-', ''), ' ', ''),
        case when stg_spend.account_id is null then stg_spend.currency end

),

-- Each instant before the cutoff, as coverage.sql: a close date still ahead says nothing.
deal_changes as (

    select
        weeks.week_index,
        stg_deals.source,
        sum(case when (stg_deals.created_at >= weeks.window_start and stg_deals.created_at < weeks.cutoff)
            or (stg_deals.updated_at >= weeks.window_start and stg_deals.updated_at < weeks.cutoff)
            or (stg_deals.is_closed and stg_deals.closed_at >= weeks.window_start
                and stg_deals.closed_at < weeks.cutoff) then 1 else 0 end) as rows_in_window,
        max(case when stg_deals.created_at < weeks.cutoff then stg_deals.created_at end) as last_created_at,
        max(case when stg_deals.updated_at < weeks.cutoff then stg_deals.updated_at end) as last_updated_at,
        max(case when stg_deals.is_closed and stg_deals.closed_at < weeks.cutoff then stg_deals.closed_at end)
            as last_closed_at
    from stg_deals
    cross join weeks
    group by weeks.week_index, stg_deals.source

),

-- The newest of the three instants; coalesce first, as greatest() is null when one is null.
deal_sources as (

    select
        week_index,
        'deals' as family,
        source,
        cast(null as varchar) as platform,
        cast(null as varchar) as account_id,
        cast(null as varchar) as currency,
        rows_in_window,
        cast(0 as bigint) as activities_in_window,
        greatest(
            coalesce(last_created_at, last_updated_at, last_closed_at),
            coalesce(last_updated_at, last_closed_at, last_created_at),
            coalesce(last_closed_at, last_created_at, last_updated_at)
        ) as last_data_at,
        cast(null as date) as last_spend_date,
        cast(0 as bigint) as unknown_channel_rows_in_week,
        cast(null as timestamp) as first_activity_at
    from deal_changes

),

all_sources as (

    select * from activity_sources
    union all
    select * from spend_sources
    union all
    select * from deal_sources

)

select
    week_index,
    family,
    source,
    platform,
    account_id,
    currency,
    rows_in_window,
    activities_in_window,
    last_data_at,
    last_spend_date,
    unknown_channel_rows_in_week,
    first_activity_at
from all_sources
where rows_in_window > 0 or activities_in_window > 0
order by week_index, family, source, platform, account_id, currency
