-- The newest version of each lead record (SPEC §4.1), deleted and merged-away ones included,
-- with when the record first read as an MQL over every version loaded. stg_leads resolves
-- deletions and merges on these rows. Every window here is partitioned by the record
-- (source, lead_id), so the daily refresh can rebuild only the records its new loads touch
-- (`incremental:` in the .yml).
with

versions as (

    select
        *,
        row_number() over (
            partition by source, lead_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank,
        -- When the record first read as an MQL, over every version loaded (SPEC §5 `mqls`): a
        -- version's mql_at, else the change (or creation) of a version at an MQL-or-later stage.
        -- A later recycle does not undo it; the report compares it with a week's cutoff.
        min(
            case
                when mql_at is not null then mql_at
                when lifecycle_stage in ('mql', 'sql', 'opportunity', 'customer')
                    then coalesce(updated_at, created_at)
            end
        ) over (partition by source, lead_id) as mql_since
    from leads

)

select * from versions
where version_rank = 1
