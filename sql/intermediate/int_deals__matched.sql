-- Deal → person match (SPEC §4.5): conversion, then email, then domain; the first method
-- that finds a person created at or before the deal wins. Email and domain matches also
-- need the person created within the lookback. Each method is an equi-join.
with

deals as (

    select source, deal_id, created_at, converted_from_lead_id, contact_email_keys, account_domain
    from stg_deals

),

persons as (

    select person_key, email_key, created_at, min_lead_id from int_persons__attributed

),

settings as (

    select match_lookback_days, attribution from cfg_settings

),

by_conversion as (

    select deals.source, deals.deal_id, leads.person_key, 1 as method_rank
    from deals
    inner join int_leads__keyed as leads
        on leads.source = deals.source
        and leads.lead_id = deals.converted_from_lead_id

),

deal_email_keys as (

    select deals.source, deals.deal_id, contact.email_key
    from deals
    cross join unnest(deals.contact_email_keys) as contact(email_key)

),

by_email as (

    select deal_email_keys.source, deal_email_keys.deal_id, persons.person_key, 2 as method_rank
    from deal_email_keys
    inner join persons
        on persons.email_key = deal_email_keys.email_key

),

by_domain as (

    select deals.source, deals.deal_id, domains.person_key, 3 as method_rank
    from deals
    inner join int_persons__domains as domains
        on domains.domain = deals.account_domain

),

candidates as (

    select * from by_conversion
    union all
    select * from by_email
    union all
    select * from by_domain

),

eligible as (

    select
        candidates.source,
        candidates.deal_id,
        candidates.person_key,
        candidates.method_rank,
        persons.created_at as person_created_at,
        persons.min_lead_id
    from candidates
    inner join deals
        on deals.source = candidates.source
        and deals.deal_id = candidates.deal_id
    inner join persons
        on persons.person_key = candidates.person_key
    cross join settings
    where persons.created_at <= deals.created_at
        and (
            candidates.method_rank = 1
            or to_unixtime(deals.created_at) - to_unixtime(persons.created_at)
                <= settings.match_lookback_days * 86400
        )

),

best_method as (

    select source, deal_id, min(method_rank) as method_rank
    from eligible
    group by source, deal_id

),

ranked as (

    select
        eligible.*,
        row_number() over (
            partition by eligible.source, eligible.deal_id
            order by
                case when settings.attribution = 'first_touch' then to_unixtime(eligible.person_created_at) end asc,
                case when settings.attribution = 'last_touch' then to_unixtime(eligible.person_created_at) end desc,
                eligible.min_lead_id asc,
                eligible.person_key asc
        ) as touch_rank
    from eligible
    inner join best_method
        on best_method.source = eligible.source
        and best_method.deal_id = eligible.deal_id
        and best_method.method_rank = eligible.method_rank
    cross join settings

)

select
    source,
    deal_id,
    person_key,
    case method_rank when 1 then 'conversion' when 2 then 'email' else 'domain' end as match_method
from ranked
where touch_rank = 1
