-- Every version of every lead record loaded, with what it says about disqualification and who
-- owned the record, and from when it may stand as the record's version as of a cutoff (the lead
-- quality of a past week, sql/reports/lead_quality.sql; the owner of the overdue list,
-- sql/reports/overdue_leads.sql). Built by the refresh so that a report picks each record's
-- version as of its cutoff with one group-by over these narrow rows, instead of ranking the
-- canonical versions again. `entered_at` is the version's change (else creation): it counts for
-- a cutoff after it. `known_at` is when it was known: its change, else the day after its export
-- day (methodology rule 1). `version_order` is 1 for the record's version that wins stg_leads'
-- order (known_at, export day, load time, batch, row; newest first), 2 for the next, and so on.
-- The version as of a cutoff is the one of lowest version_order among those entered before the
-- cutoff and known by it; when none of those is known by it, the highest of them all (the one
-- known soonest after the cutoff, the nearest evidence of the record then). Every window
-- is partitioned by the record (source, lead_id), so the daily refresh rebuilds only the records
-- its new loads touch (`incremental:` in the .yml).
with

versions as (

    select
        source,
        lead_id,
        coalesce(updated_at, created_at) as entered_at,
        coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) as known_at,
        is_disqualified,
        disqualification_reason,
        owner_id,
        row_number() over (
            partition by source, lead_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_order
    from leads

)

select
    source,
    lead_id,
    version_order,
    entered_at,
    known_at,
    is_disqualified,
    disqualification_reason,
    owner_id
from versions
