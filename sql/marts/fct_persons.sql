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
    follow_ups.first_follow_up_at,
    coalesce(follow_ups.first_follow_up_time_unknown, false) as first_follow_up_time_unknown,
    -- From when on the person is out of the SLA figures (a report counts it in `untimedLeads`
    -- when this is before its cutoff): its creation, or its first follow-up, known only to the
    -- day. Hours from or to a day's start would be invented.
    case
        when persons.created_at_time_unknown then persons.created_at
        when follow_ups.first_follow_up_time_unknown then follow_ups.first_follow_up_at
    end as untimed_since,
    case
        when not persons.created_at_time_unknown and not follow_ups.first_follow_up_time_unknown
            then (to_unixtime(follow_ups.first_follow_up_at) - to_unixtime(persons.created_at)) / 3600.0
    end as hours_to_first_follow_up
from persons
left join follow_ups
    on follow_ups.person_key = persons.person_key
