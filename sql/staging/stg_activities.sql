-- One row per activity (latest version); follow-up eligibility is decided downstream.
with

source as (

    select * from activities

),

versions as (

    select
        *,
        row_number() over (
            partition by source, activity_id
            order by ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

)

select
    source,
    activity_id,
    type,
    occurred_at,
    owner_id,
    email_key,
    lead_id,
    deal_id,
    coalesce(is_automated, false) as is_automated
from versions
where version_rank = 1
