-- The rows of each activity record's newest version (the latest-version rule of the
-- methodology, applied to activities), deleted ones included: a record stored as one row per
-- contact is replaced as a whole by its newest version, so a contact taken off it, a deletion
-- or an activity marked undone takes effect. stg_activities reads this and drops what is not
-- current. Every window here is partitioned by the record (source, record id), so the daily
-- refresh can rebuild only the records its new loads touch (`incremental:` in the .yml).
with

source as (

    select
        *,
        coalesce(record_id, activity_id) as crm_record_id
    from activities

),

versions as (

    select
        *,
        -- Every row of the record's newest version ranks 1: same updated_at, same load.
        dense_rank() over (
            partition by source, crm_record_id
            order by updated_at desc nulls last, ingested_at desc, batch_id desc
        ) as version_rank,
        row_number() over (
            partition by source, crm_record_id, activity_id, updated_at, ingested_at, batch_id
            order by batch_row desc
        ) as copy_rank
    from source

)

select
    source,
    activity_id,
    crm_record_id as record_id,
    type,
    occurred_at,
    updated_at,
    ingested_at,
    batch_id,
    owner_id,
    email_key,
    lead_id,
    deal_id,
    is_automated,
    has_happened,
    is_deleted
from versions
where version_rank = 1
    and copy_rank = 1
