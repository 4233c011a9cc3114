-- Persons of this week and the three before with no follow-up by the cutoff although
-- their SLA has passed (SPEC §5 `overdueLeads`). Parameters: window start (Monday of W-3)
-- and cutoff (end of W), UTC instants.
with

params as (

    select
        cast(? as timestamp) as window_start,
        cast(? as timestamp) as cutoff

),

settings as (

    select follow_up_sla_hours from cfg_settings

),

open_persons as (

    select
        fct_persons.email_key,
        fct_persons.created_at,
        fct_persons.owner_id,
        fct_persons.channel,
        fct_persons.person_key,
        (to_unixtime(params.cutoff) - to_unixtime(fct_persons.created_at)) / 3600.0
            - settings.follow_up_sla_hours as hours_overdue
    from fct_persons
    cross join params
    cross join settings
    where fct_persons.created_at >= params.window_start
        and fct_persons.created_at < params.cutoff
        and (fct_persons.first_follow_up_at is null or fct_persons.first_follow_up_at >= params.cutoff)

)

select email_key, created_at, owner_id, channel, hours_overdue
from open_persons
where hours_overdue >= 0
order by hours_overdue desc, person_key asc
