-- One row per lead: the latest version (SPEC §4.1), deleted leads dropped.
with

source as (

    select * from leads

),

versions as (

    select
        *,
        row_number() over (
            partition by source, lead_id
            order by coalesce(updated_at, created_at) desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

),

renamed as (

    select
        ----------  ids
        source,
        lead_id,
        ----------  person
        email,
        email_key,
        case when email_key is not null then split_part(email_key, '@', 2) end as email_domain,
        first_name,
        last_name,
        company,
        regexp_replace(lower(trim(company_domain)), '^www\.', '') as company_domain,
        ----------  funnel
        lifecycle_stage,
        mql_at,
        status,
        owner_id,
        channel,
        campaign_id,
        campaign_name,
        utm_source,
        utm_medium,
        utm_campaign,
        ----------  timestamps
        created_at,
        updated_at,
        ingested_at
    from versions
    where version_rank = 1
        and coalesce(is_deleted, false) = false

)

select * from renamed
