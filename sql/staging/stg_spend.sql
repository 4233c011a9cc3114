-- One row per campaign and day: platforms restate recent days, so the latest load wins.
with

source as (

    select * from spend

),

versions as (

    select
        *,
        row_number() over (
            partition by source, platform, account_id, campaign_id, date
            order by ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

)

select
    source,
    platform,
    account_id,
    campaign_id,
    campaign_name,
    channel,
    date as spend_date,
    cost,
    currency,
    impressions,
    clicks,
    conversions
from versions
where version_rank = 1
