-- First follow-up per person (SPEC §4.4): the earliest non-automated call, email or meeting
-- on the person's email key or on one of its leads, at or after the person's creation.
-- Two equi-joins instead of one OR-join keep this a hash join at any scale.
with

persons as (

    select person_key, email_key, created_at from int_persons__attributed

),

follow_ups as (

    select source, email_key, lead_id, occurred_at
    from stg_activities
    where type in ('call', 'email', 'meeting')
        and is_automated = false

),

by_email as (

    select persons.person_key, follow_ups.occurred_at
    from follow_ups
    inner join persons
        on persons.email_key = follow_ups.email_key
    where follow_ups.occurred_at >= persons.created_at

),

by_lead as (

    select persons.person_key, follow_ups.occurred_at
    from follow_ups
    inner join int_leads__keyed as leads
        on leads.source = follow_ups.source
        and leads.lead_id = follow_ups.lead_id
    inner join persons
        on persons.person_key = leads.person_key
    where follow_ups.occurred_at >= persons.created_at

),

unioned as (

    select * from by_email
    union all
    select * from by_lead

)

select
    person_key,
    min(occurred_at) as first_follow_up_at
from unioned
group by person_key
