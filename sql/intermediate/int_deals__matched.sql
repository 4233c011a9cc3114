-- Deal → person match (SPEC §4.5): conversion, then the deal's contacts (by email or by id),
-- then domain; the first method that finds a person created at or before the deal wins. A
-- contact named by id (`contact_ids`, in the deal's source) is the person's lead of that id
-- (`L`: where contacts load as leads, HubSpot and Pipedrive; a merged-away id is its
-- survivor's) or the lead converted into that contact (`C`: Salesforce), on the same handles
-- activities use; it ranks with the emails (a deal may have several contacts, by either). An
-- id no lead names finds no one, as a contact without a lead's address. Conversion is said by either side:
-- the deal names its lead (`converted_from_lead_id`), or a lead names the deal
-- (`converted_deal_id`, as a Salesforce leads export does when the opportunities export
-- cannot), so a file import and an API pull of the same records match alike. Contact (email,
-- id) and domain matches also need the person created within the lookback. Conversion and
-- contacts are one equi-join on the persons' handles (their leads, merged records, further
-- addresses and converted-into contacts included); the wide
-- domain join (many persons per company) runs only for deals those could not match.
-- A deal's account domain that is a free-mail domain, a platform host or one of the company's
-- own domains (cfg_own_domains), or under one, never matches (the same rule
-- int_persons__domains applies to the persons' domains).
-- A creation known only to the day (created_at_time_unknown: its day's start) is compared by
-- day, the same day counting as before the deal (docs/methodology.md, "Times known only to
-- the day"): a deal so dated takes persons created before its day ends (`created_before`), and
-- a person so dated is within the lookback when its day is.
with

deals as (

    select
        source,
        deal_id,
        created_at,
        case when created_at_time_unknown then created_at + interval '1' day else created_at end as created_before,
        converted_from_lead_id,
        contact_email_keys,
        contact_ids,
        account_domain
    from stg_deals

),

persons as (

    select
        person_key,
        created_at,
        -- The latest the person may have been created: the end of its day when only that is known.
        to_unixtime(created_at) + case when created_at_time_unknown then 86400 else 0 end as created_by_seconds,
        min_lead_id
    from int_persons__attributed

),

settings as (

    select match_lookback_days, attribution from cfg_settings

),

never_company as (

    select domain from cfg_free_mail_domains
    union
    select domain from cfg_platform_hosts
    union
    select domain from cfg_own_domains

),

named as (

    -- Conversion (rank 1) and the contacts (rank 2: email, contact id) in one equi-join on the
    -- persons' handles. The slot with neither an email key nor a contact id stands for the
    -- conversion, named from the deal's side (its converted-from lead, `L`) and from the
    -- lead's side (the deal itself, `D`); a contact id is looked up as a lead id (`L`) and as
    -- a converted-into contact (`C`), an email key as `E`.
    select
        deals.*,
        case
            when contact.email_key is not null then 'E' || contact.email_key
            when slot.kind = 'L' then
                'L' || deals.source || '|' || coalesce(by_id.contact_id, deals.converted_from_lead_id)
            when slot.kind = 'C' then 'C' || deals.source || '|' || by_id.contact_id
            else 'D' || deals.source || '|' || deals.deal_id
        end as handle,
        case
            when contact.email_key is not null then 'email'
            when by_id.contact_id is not null then 'contact'
            else 'conversion'
        end as method,
        case when contact.email_key is null and by_id.contact_id is null then 1 else 2 end as method_rank
    from deals
    cross join unnest(
        case
            when deals.contact_email_keys is null then array[cast(null as varchar)]
            else array[cast(null as varchar)] || deals.contact_email_keys
        end
    ) as contact(email_key)
    cross join unnest(
        case
            when contact.email_key is not null or deals.contact_ids is null then array[cast(null as varchar)]
            else array[cast(null as varchar)] || deals.contact_ids
        end
    ) as by_id(contact_id)
    cross join unnest(
        case
            when contact.email_key is not null then array['E']
            when by_id.contact_id is not null then array['L', 'C']
            else array['L', 'D']
        end
    ) as slot(kind)

),

by_handle as (

    select
        named.source,
        named.deal_id,
        persons.person_key,
        persons.created_at as person_created_at,
        persons.min_lead_id,
        named.method,
        named.method_rank
    from named
    inner join int_persons__handles as handles
        on handles.handle = named.handle
    inner join persons
        on persons.person_key = handles.person_key
    cross join settings
    where (persons.created_at <= named.created_at or persons.created_at < named.created_before)
        and (
            named.method_rank = 1
            or to_unixtime(named.created_at) - persons.created_by_seconds
                <= settings.match_lookback_days * 86400
        )

),

by_person as (

    -- The first method that found anyone wins.
    select
        by_handle.*,
        min(method_rank) over (partition by source, deal_id) as first_method_rank
    from by_handle

),

after_email as (

    select deals.*
    from deals
    where not exists (
        select 1 from by_handle
        where by_handle.source = deals.source
            and by_handle.deal_id = deals.deal_id
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
        'domain' as method,
        3 as method_rank
    from company_domain_deals
    inner join int_persons__domains as domains
        on domains.domain = company_domain_deals.account_domain
    inner join persons
        on persons.person_key = domains.person_key
    cross join settings
    where (
            persons.created_at <= company_domain_deals.created_at
            or persons.created_at < company_domain_deals.created_before
        )
        and to_unixtime(company_domain_deals.created_at) - persons.created_by_seconds
            <= settings.match_lookback_days * 86400

),

eligible as (

    select source, deal_id, person_key, person_created_at, min_lead_id, method, method_rank
    from by_person
    where method_rank = first_method_rank
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
                eligible.person_key asc,
                -- One person found by a contact's email and by its id: said as the email.
                case when eligible.method = 'email' then 0 else 1 end asc
        ) as touch_rank
    from eligible
    cross join settings

)

select
    source,
    deal_id,
    person_key,
    method as match_method
from ranked
where touch_rank = 1
