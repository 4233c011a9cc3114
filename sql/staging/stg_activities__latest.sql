-- The rows of each activity record's newest version (the latest-version rule of the
-- methodology, applied to activities), deleted ones included: a record stored as one row per
-- contact is replaced as a whole by its newest version, so a contact taken off it, a deletion
-- or an activity marked undone takes effect. stg_activities reads this and drops what is not
-- current. Every window here is partitioned by the record (source, crm_record_id), so the daily
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
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc
        ) as version_rank,
        row_number() over (
            partition by source, crm_record_id, activity_id, updated_at, ingested_at, batch_id
            order by batch_row desc
        ) as copy_rank
    from source

)

-- Every canonical column, so that the next run can rebuild a record from these rows and its new
-- ones alone (`from: state` in the .yml): the newest version of a record is among them or new.
select *
from versions
where version_rank = 1
    and copy_rank = 1
