-- One row per ad campaign with spend, identified as its platform does (platform + campaign
-- id) and named by its latest name: a campaign renamed over time shows the name of its latest
-- spend day (ties on a day: the greatest name, so the choice is the same on every engine).
with

spend as (

    select platform, campaign_id, campaign_name, spend_date from stg_spend

),

ranked as (

    select
        spend.platform,
        spend.campaign_id,
        spend.campaign_name,
        row_number() over (
            partition by spend.platform, spend.campaign_id
            order by case when spend.campaign_name is null then 1 else 0 end, spend.spend_date desc,
                spend.campaign_name desc
        ) as name_rank,
        min(spend.spend_date) over (partition by spend.platform, spend.campaign_id) as first_spend_date,
        max(spend.spend_date) over (partition by spend.platform, spend.campaign_id) as last_spend_date
    from spend

)

select platform, campaign_id, campaign_name, first_spend_date, last_spend_date
from ranked
where name_rank = 1
