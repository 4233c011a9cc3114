-- macro: verdict_until(cutoff)
-- Up to when (Unix seconds) a verdict other than within the SLA looks for a follow-up of a person
-- of `fct_persons`, as of `cutoff`: the SLA's hours from the latest creation for one followed up
-- (late), up to the cutoff for one not followed up. Days without loaded activities before it
-- leave the verdict unjudged (the report's follow-up gaps).
case
    when fct_persons.first_follow_up_at < {{ cutoff }}
        then least(
            to_unixtime(fct_persons.created_latest_at) + settings.follow_up_sla_hours * 3600.0,
            to_unixtime({{ cutoff }})
        )
    else to_unixtime({{ cutoff }})
end
