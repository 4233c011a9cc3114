-- The domains a person can be matched by (SPEC §4.5c): its business (non-free-mail)
-- email domain and the company domains of its leads.
with

email_domains as (

    select person_key, business_email_domain as domain
    from int_persons__attributed
    where business_email_domain is not null

),

company_domains as (

    select person_key, company_domain as domain
    from int_leads__keyed
    where company_domain is not null and company_domain <> ''

),

unioned as (

    select * from email_domains
    union
    select * from company_domains

)

select person_key, domain from unioned
