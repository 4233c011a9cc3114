-- Deal → person match (SPEC §4.5): conversion, then email, then domain; the first method
-- that finds a person created at or before the deal wins. Email and domain matches also
-- need the person created within the lookback. Each method is an equi-join, and each later
-- method only looks at the deals the earlier ones left unmatched, so the wide domain join
-- (many persons per company) runs only for deals the narrower methods could not match.
-- A deal's account domain that is a free-mail domain or platform host, or under one, never
-- matches (the same rule int_persons__domains applies to the persons' domains).
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

never_company as (

    select domain from cfg_free_mail_domains
    union
    select domain from cfg_platform_hosts

),

by_conversion as (

    select
        deals.source,
        deals.deal_id,
        persons.person_key,
        persons.created_at as person_created_at,
        persons.min_lead_id,
        1 as method_rank
    from deals
    inner join int_leads__keyed as leads
        on leads.source = deals.source
        and leads.lead_id = deals.converted_from_lead_id
    inner join persons
        on persons.person_key = leads.person_key
    where persons.created_at <= deals.created_at

),

after_conversion as (

    select deals.*
    from deals
    where not exists (
        select 1 from by_conversion
        where by_conversion.source = deals.source
            and by_conversion.deal_id = deals.deal_id
    )

),

by_email as (

    select
        after_conversion.source,
        after_conversion.deal_id,
        persons.person_key,
        persons.created_at as person_created_at,
        persons.min_lead_id,
        2 as method_rank
    from after_conversion
    cross join unnest(after_conversion.contact_email_keys) as contact(email_key)
    inner join persons
        on persons.email_key = contact.email_key
    cross join settings
    where persons.created_at <= after_conversion.created_at
        and to_unixtime(after_conversion.created_at) - to_unixtime(persons.created_at)
            <= settings.match_lookback_days * 86400

),

after_email as (

    select after_conversion.*
    from after_conversion
    where not exists (
        select 1 from by_email
        where by_email.source = after_conversion.source
            and by_email.deal_id = after_conversion.deal_id
    )

),

company_domain_deals as (

    select after_email.*
    from after_email
    left join never_company as whole
        on whole.domain = after_email.account_domain
    left join never_company as parent2
        on parent2.domain = regexp_extract(after_email.account_domain, '[^.]+[.][^.]+$')
    left join never_company as parent3
        on parent3.domain = regexp_extract(after_email.account_domain, '[^.]+[.][^.]+[.][^.]+$')
    left join never_company as parent4
        on parent4.domain = regexp_extract(after_email.account_domain, '[^.]+[.][^.]+[.][^.]+[.][^.]+$')
    where after_email.account_domain is not null
        and whole.domain is null
        and parent2.domain is null
        and parent3.domain is null
        and parent4.domain is null

),

by_domain as (

    select
        company_domain_deals.source,
        company_domain_deals.deal_id,
        persons.person_key,
        persons.created_at as person_created_at,
        persons.min_lead_id,
        3 as method_rank
    from company_domain_deals
    inner join int_persons__domains as domains
        on domains.domain = company_domain_deals.account_domain
    inner join persons
        on persons.person_key = domains.person_key
    cross join settings
    where persons.created_at <= company_domain_deals.created_at
        and to_unixtime(company_domain_deals.created_at) - to_unixtime(persons.created_at)
            <= settings.match_lookback_days * 86400

),

eligible as (

    select * from by_conversion
    union all
    select * from by_email
    union all
    select * from by_domain

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
    cross join settings

)

select
    source,
    deal_id,
    person_key,
    case method_rank when 1 then 'conversion' when 2 then 'email' else 'domain' end as match_method
from ranked
where touch_rank = 1
