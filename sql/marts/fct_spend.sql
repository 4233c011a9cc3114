-- Ad spend per campaign and day in the reporting currency.
with

spend as (

    select * from stg_spend

),

fx as (

    select currency, rate from cfg_fx_rates

)

select
    spend.source,
    spend.platform,
    spend.account_id,
    spend.campaign_id,
    spend.campaign_name,
    coalesce(spend.channel, 'other') as channel,
    spend.spend_date,
    spend.cost,
    spend.currency,
    spend.cost * fx.rate as cost_converted,
    spend.impressions,
    spend.clicks,
    spend.conversions
from spend
left join fx
    on fx.currency = spend.currency
