-- One row per current deal with its match, attribution and amount in the reporting currency.
with

deals as (

    select * from stg_deals

),

matches as (

    select * from int_deals__matched

),

persons as (

    select person_key, channel, campaign_id, campaign_name, ad_platform, ad_campaign_id from int_persons__campaigned

),

fx as (

    select currency, rate from cfg_fx_rates

)

select
    deals.source,
    deals.deal_id,
    deals.name,
    deals.account_name,
    deals.account_domain,
    deals.stage,
    deals.is_closed,
    deals.is_won,
    deals.owner_id,
    deals.pipeline,
    deals.created_at,
    deals.closed_at,
    deals.amount,
    deals.currency,
    deals.amount * fx.rate as amount_converted,
    matches.person_key,
    matches.match_method,
    matches.person_key is not null as is_marketing_sourced,
    persons.channel,
    persons.campaign_id,
    persons.campaign_name,
    persons.ad_platform,
    persons.ad_campaign_id
from deals
left join matches
    on matches.source = deals.source
    and matches.deal_id = deals.deal_id
left join persons
    on persons.person_key = matches.person_key
left join fx
    on fx.currency = deals.currency
