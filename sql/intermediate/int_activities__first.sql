-- When follow-ups start being known (the follow-up effect and the cohorts, docs/methodology.md):
-- the first non-automated call, email or meeting that happened (stg_activities.is_follow_up_kind:
-- a tasks export without types says nothing about follow-ups), of every activity loaded. A person created
-- before it would read "never followed up" whatever sales did, so the reports leave such
-- persons (or cohort weeks) out. One row; null when no activity that happened is loaded. A
-- report as of a cutoff uses it only when it is before the cutoff.
select min(stg_activities.occurred_at) as first_activity_at
from stg_activities
where stg_activities.has_happened
    and stg_activities.is_follow_up_kind
