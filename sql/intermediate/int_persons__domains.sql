-- The domains a person can be matched by (SPEC §4.5c): its business (non-free-mail)
-- email domain and the company domains of its leads. Free-mail domains, platform hosts
-- (facebook.com, linkedin.com, wixsite.com…) and the company's own domains (cfg_own_domains:
-- its employees are no customer) are never company domains, and neither are their subdomains
-- (de-de.facebook.com, northwind.wixsite.com): a domain is dropped when it, or its parent of
-- two, three or four labels, is on any of the lists.
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

),

never_company as (

    select domain from cfg_free_mail_domains
    union
    select domain from cfg_platform_hosts
    union
    select domain from cfg_own_domains

)

-- Each parent is looked up by equality: four hash joins against the short lists. Where a
-- domain has fewer labels, regexp_extract gives '' in DuckDB and null in Trino: neither is listed.
select unioned.person_key, unioned.domain
from unioned
left join never_company as whole
    on whole.domain = unioned.domain
left join never_company as parent2
    on parent2.domain = regexp_extract(unioned.domain, '[^.]+[.][^.]+$')
left join never_company as parent3
    on parent3.domain = regexp_extract(unioned.domain, '[^.]+[.][^.]+[.][^.]+$')
left join never_company as parent4
    on parent4.domain = regexp_extract(unioned.domain, '[^.]+[.][^.]+[.][^.]+[.][^.]+$')
where whole.domain is null
    and parent2.domain is null
    and parent3.domain is null
    and parent4.domain is null
