-- One row per campaign and day: platforms restate recent days, so the latest version wins
-- (docs/methodology.md "Which version of a record wins": a platform gives no modification
-- time, so the latest export day, then the latest load).
with

source as (

    -- No updated_at in spend: the null keeps the one version order of every model.
    select *, cast(null as timestamp) as updated_at from spend

),

versions as (

    select
        *,
        row_number() over (
            -- Without an account id, another currency is another account (an ad account has one
            -- currency): two accounts' campaigns of one name must not replace each other.
            partition by source, platform, account_id, case when account_id is null then currency end, campaign_id, date
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
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
