-- One row per CRM owner (user): the latest version per (source, owner_id), so that a lead's
-- owner_id reads as a name. A deleted or deactivated owner is kept, marked inactive: leads
-- still assigned to them show who that was, not an id.
with

source as (

    select * from owners

),

versions as (

    select
        *,
        row_number() over (
            partition by source, owner_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

)

select
    source,
    owner_id,
    nullif(trim(name), '') as name,
    email,
    coalesce(is_active, true) and not coalesce(is_deleted, false) as is_active,
    updated_at,
    ingested_at
from versions
where version_rank = 1
