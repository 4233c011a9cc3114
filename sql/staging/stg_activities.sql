-- One row per activity and contact, from the latest version of each CRM record (the
-- latest-version rule of the methodology, applied to activities): a record stored as one row
-- per contact is replaced as a whole by its newest version, so a contact taken off it, a
-- deletion or an activity marked undone takes effect. Deleted activities are dropped; those
-- that have not happened stay (has_happened = false) and are never a follow-up downstream.
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

),

current_rows as (

    select
        *,
        -- An id seen under two record ids (rows loaded before record_id existed): newest wins.
        row_number() over (
            partition by source, activity_id
            order by updated_at desc nulls last, ingested_at desc, batch_id desc
        ) as id_rank
    from versions
    where version_rank = 1
        and copy_rank = 1

)

select
    source,
    activity_id,
    crm_record_id as record_id,
    type,
    occurred_at,
    updated_at,
    owner_id,
    email_key,
    lead_id,
    deal_id,
    coalesce(is_automated, false) as is_automated,
    coalesce(has_happened, true) as has_happened
from current_rows
where id_rank = 1
    and coalesce(is_deleted, false) = false
