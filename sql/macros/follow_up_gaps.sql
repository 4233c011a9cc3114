-- macro: follow_up_gaps()
-- The days follow-ups are not known, from the report's `?` parameter of `from|to` pairs (UTC
-- instants) joined by `;` (functions/core/report/follow-up-gaps.ts): before the day each activity
-- source starts, and between an activity source's declared periods. One row per gap
-- (gap_from, gap_to); every query that judges follow-up timing reads the same parameter, so a
-- channel's, a cohort's or the overdue list's follow-up never disagrees with the headline's.
select
    cast(split_part(gap.spec, '|', 1) as timestamp) as gap_from,
    cast(split_part(gap.spec, '|', 2) as timestamp) as gap_to
from unnest(split(cast(? as varchar), ';')) as gap(spec)
