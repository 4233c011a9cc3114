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
    follow_ups.first_follow_up_at,
    (to_unixtime(follow_ups.first_follow_up_at) - to_unixtime(persons.created_at)) / 3600.0
        as hours_to_first_follow_up
from persons
left join follow_ups
    on follow_ups.person_key = persons.person_key
