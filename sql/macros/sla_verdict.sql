-- macro: sla_verdict(cutoff)
-- The SLA verdict of a person of `fct_persons` as of `cutoff` (a timestamp), the one rule every
-- report query that judges follow-up timing uses, as `{{ sla_verdict(params.cutoff) }}`; reads
-- `settings.follow_up_sla_hours` (hours, `cfg_settings`). One of 'within_sla', 'late', 'pending',
-- 'overdue', or 'untimed' when the hours a time known only to the day allows do not agree
-- (docs/methodology.md, "Times known only to the day"). Followed up: within the SLA when even the
-- most hours are within it, late when even the fewest exceed it. Not followed up: pending while
-- the SLA can have run from the earliest creation on; overdue once it has run from the latest.
case
    when fct_persons.first_follow_up_at < {{ cutoff }}
        then case
            when fct_persons.hours_to_first_follow_up_max <= settings.follow_up_sla_hours then 'within_sla'
            when fct_persons.hours_to_first_follow_up_min > settings.follow_up_sla_hours then 'late'
            else 'untimed'
        end
    when (to_unixtime({{ cutoff }}) - to_unixtime(fct_persons.created_at)) / 3600.0 < settings.follow_up_sla_hours
        then 'pending'
    when (to_unixtime({{ cutoff }}) - to_unixtime(fct_persons.created_latest_at)) / 3600.0
        >= settings.follow_up_sla_hours
        then 'overdue'
    else 'untimed'
end
