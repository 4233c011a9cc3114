-- The newest version of each lead record (SPEC §4.1), deleted and merged-away ones included,
-- with when the record first read as an MQL over every version loaded, and every email key it
-- has had. stg_leads resolves deletions and merges on these rows. Every window and grouping
-- here is by the record (source, lead_id), so the daily refresh can rebuild only the records
-- its new loads touch (`incremental:` in the .yml).
with

ranked as (

    select
        *,
        row_number() over (
            partition by source, lead_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from leads

),

evidenced as (

    select
        *,
        -- The latest time an older version (later in the version order) was known to be at a
        -- stage other than MQL or later without an MQL date: its change, else the end of its
        -- export day (methodology rule 1, int_leads__verdicts' `known_at`). Null: none was.
        max(
            case
                when mql_at is null
                    and lifecycle_stage is not null
                    and lifecycle_stage not in ('mql', 'sql', 'opportunity', 'customer')
                    then coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day)
            end
        ) over (
            partition by source, lead_id
            order by version_rank
            rows between 1 following and unbounded following
        ) as not_mql_until
    from ranked

),

versions as (

    select
        *,
        -- When the record first read as an MQL, over every version loaded (SPEC §5 `mqls`): a
        -- version's mql_at, else the change of a version at an MQL-or-later stage. A version
        -- without updated_at (an export without a modification time) stands from the latest
        -- time an older version was known not to be an MQL, else from the record's creation
        -- (nothing says it was not one): a file exported after a week's cutoff that still said
        -- "Lead" keeps a later export's "MQL" out of that week. A later recycle does not undo
        -- it; the report compares it with a week's cutoff.
        min(
            case
                when mql_at is not null then mql_at
                when lifecycle_stage in ('mql', 'sql', 'opportunity', 'customer')
                    then coalesce(updated_at, not_mql_until, created_at)
            end
        ) over (partition by source, lead_id) as mql_since
    from evidenced

),

record_keys as (

    -- Every email key the record has had in any version loaded, its main address's and its
    -- further addresses': an address changed in the CRM stays a key of the person, so the
    -- activities and deals that named the old address stay the person's, and a past week
    -- re-run after the change gives the figures it gave (rule 2, further addresses). Grouped
    -- by the record, not a window: a window's array would be built once per version. Sorted,
    -- so an incremental refresh writes the same array as a full build.
    select
        leads.source,
        leads.lead_id,
        array_sort(array_agg(distinct keys.email_key)) as version_email_keys
    from leads
    cross join unnest(
        case
            when leads.additional_email_keys is null then array[leads.email_key]
            else array[leads.email_key] || leads.additional_email_keys
        end
    ) as keys(email_key)
    where keys.email_key is not null
    group by leads.source, leads.lead_id

)

select
    versions.*,
    record_keys.version_email_keys
from versions
left join record_keys
    on record_keys.source = versions.source
    and record_keys.lead_id = versions.lead_id
where versions.version_rank = 1
