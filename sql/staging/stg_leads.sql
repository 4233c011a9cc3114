-- One row per lead: the latest version (SPEC §4.1), deleted leads dropped, and so are leads
-- that a current lead of the same source names as merged into it.
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

latest as (

    select * from versions
    where version_rank = 1
        and coalesce(is_deleted, false) = false

),

named as (

    -- Each current lead names itself and the records merged into it; one pass over the
    -- leads (no self-join), so Trino's inlined views stay within its stage limit.
    select
        latest.*,
        named.lead_id as named_id,
        max(case when named.lead_id <> latest.lead_id then 1 else 0 end)
            over (partition by latest.source, named.lead_id) as is_merged_away
    from latest
    cross join unnest(
        case
            when latest.merged_lead_ids is null then array[latest.lead_id]
            else array[latest.lead_id] || latest.merged_lead_ids
        end
    ) as named(lead_id)

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
        ----------  merges and further addresses
        merged_lead_ids,
        additional_email_keys,
        ----------  timestamps
        created_at,
        updated_at,
        ingested_at
    from named
    where named_id = lead_id
        and is_merged_away = 0

)

select * from renamed
