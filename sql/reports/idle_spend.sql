-- Campaigns with spend in W and no marketing-sourced opportunity attributed to them created
-- in W or the three weeks before (SPEC §5 `idleSpend`). A deal is attributed to the spend
-- campaign its person's leads link to (int_persons__campaigned: by campaign id, else by
-- normalized name); each campaign is shown by its latest name (dim_campaigns). Parameters:
-- week start and end as local dates, then the window start (Monday of W-3) and the cutoff as
-- UTC instants.
with

params as (

    select
        cast(? as date) as start_date,
        cast(? as date) as end_date,
        cast(? as timestamp) as window_start,
        cast(? as timestamp) as cutoff

),

week_spend as (

    select
        fct_spend.platform,
        fct_spend.campaign_id,
        sum(fct_spend.cost_converted) as spend
    from fct_spend
    cross join params
    where fct_spend.spend_date >= params.start_date
        and fct_spend.spend_date < params.end_date
    group by fct_spend.platform, fct_spend.campaign_id

),

productive_campaigns as (

    select distinct fct_deals.ad_platform, fct_deals.ad_campaign_id
    from fct_deals
    cross join params
    where fct_deals.is_marketing_sourced
        and fct_deals.ad_campaign_id is not null
        and fct_deals.created_at >= params.window_start
        and fct_deals.created_at < params.cutoff

)

select
    week_spend.platform,
    week_spend.campaign_id,
    dim_campaigns.campaign_name,
    week_spend.spend
from week_spend
left join productive_campaigns
    on productive_campaigns.ad_platform = week_spend.platform
    and productive_campaigns.ad_campaign_id = week_spend.campaign_id
left join dim_campaigns
    on dim_campaigns.platform = week_spend.platform
    and dim_campaigns.campaign_id = week_spend.campaign_id
where productive_campaigns.ad_campaign_id is null
    and week_spend.spend > 0
order by week_spend.spend desc, week_spend.platform asc, week_spend.campaign_id asc
