-- One row per person with its attribution and first follow-up: the lead side of the funnel.
with

persons as (

    select * from int_persons__campaigned

),

follow_ups as (

    select * from int_persons__followed_up

)

select
    persons.person_key,
    persons.email_key,
    persons.created_at,
    persons.is_mql,
    persons.mql_since,
    persons.channel,
    persons.campaign_id,
    persons.campaign_name,
    persons.ad_platform,
    persons.ad_campaign_id,
    persons.campaign_link,
    persons.campaign_reference,
    persons.campaign_key,
    persons.owner_id,
    persons.count_leads,
    persons.created_at_time_unknown,
    persons.created_latest_at,
    follow_ups.first_follow_up_at,
    coalesce(follow_ups.first_follow_up_time_unknown, false) as first_follow_up_time_unknown,
    follow_ups.first_follow_up_latest_at,
    case
        when not persons.created_at_time_unknown and not follow_ups.first_follow_up_time_unknown
            then (to_unixtime(follow_ups.first_follow_up_at) - to_unixtime(persons.created_at)) / 3600.0
    end as hours_to_first_follow_up,
    -- The bounds every report judges the SLA by, the same for a person with times and one known
    -- only to the day (an interval, docs/methodology.md "Times known only to the day"): the
    -- fewest hours (earliest follow-up from the latest creation, never below 0) and the most
    -- (latest follow-up from the earliest creation). Equal to `hours_to_first_follow_up` when
    -- both have their time.
    case
        when follow_ups.first_follow_up_at is not null
            then greatest(
                (to_unixtime(follow_ups.first_follow_up_at) - to_unixtime(persons.created_latest_at)) / 3600.0,
                0.0
            )
    end as hours_to_first_follow_up_min,
    (to_unixtime(follow_ups.first_follow_up_latest_at) - to_unixtime(persons.created_at)) / 3600.0
        as hours_to_first_follow_up_max
from persons
left join follow_ups
    on follow_ups.person_key = persons.person_key
