-- One row per lead record: the latest version (SPEC §4.1, stg_leads__latest), deleted records dropped. A record
-- merged into another lead of the same source stays, as that lead's record
-- (`merged_into_lead_id`, `survivor_email_key`): it is no lead of its own, but it belongs to the
-- survivor's person (whose first touch it may be). A record is merged away when a current lead
-- names it in `merged_lead_ids` (HubSpot: the survivor lists the ids) or when it names a current
-- lead in `merged_into_lead_id` (Salesforce: the deleted loser names its master). One level: a
-- record merged into one that was itself merged away later is dropped like a deleted one.
with

latest as (

    select
        *,
        coalesce(is_deleted, false) = false and merged_into_lead_id is null as is_current
    from stg_leads__latest

),

named as (

    -- Each record names an id: itself, or the lead it was merged into; a current lead also
    -- names the records merged into it. Records naming the same id meet in one window
    -- partition, so one pass over the leads (no self-join) links loser and survivor both
    -- ways, and Trino's inlined views stay within its stage limit.
    select
        latest.*,
        named.lead_id as named_id,
        case
            when latest.merged_into_lead_id is not null then 'into'
            when named.lead_id = latest.lead_id then 'self'
            else 'lists'
        end as naming
    from latest
    cross join unnest(
        case
            when latest.merged_into_lead_id is not null then array[latest.merged_into_lead_id]
            when latest.is_current and latest.merged_lead_ids is not null
                then array[latest.lead_id] || latest.merged_lead_ids
            else array[latest.lead_id]
        end
    ) as named(lead_id)

),

linked as (

    select
        named.*,
        -- On the named record's own row: the current lead listing it, if any. If several do
        -- (a survivor merged again later still lists it in its last version), the latest
        -- modified one: the later merge's survivor.
        max_by(
            case when naming = 'lists' then lead_id end,
            case when naming = 'lists' then coalesce(updated_at, created_at) end
        ) over (partition by source, named_id) as listed_by_id,
        -- (coalesce: engines differ on whether a null value takes part in max_by)
        nullif(
            max_by(
                case when naming = 'lists' then coalesce(email_key, '') end,
                case when naming = 'lists' then coalesce(updated_at, created_at) end
            ) over (partition by source, named_id),
            ''
        ) as listed_by_email_key,
        -- On a row merged into the named id: that lead, if it is current.
        max(case when naming = 'self' and is_current then lead_id end)
            over (partition by source, named_id) as current_id,
        max(case when naming = 'self' and is_current then email_key end)
            over (partition by source, named_id) as current_email_key
    from named

),

resolved as (

    select
        linked.*,
        case
            when naming = 'self' then listed_by_id
            when naming = 'into' and listed_by_id is null then current_id
        end as survivor_id,
        case
            when naming = 'self' then listed_by_email_key
            when naming = 'into' and listed_by_id is null then current_email_key
        end as survivor_lead_email_key
    from linked
    where naming <> 'lists'

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
        mql_since,
        status,
        -- Sales' verdict of the latest version; a source (or a file loaded before the
        -- column existed) that does not say reads as not disqualified.
        coalesce(is_disqualified, false) as is_disqualified,
        disqualification_reason,
        owner_id,
        channel,
        campaign_id,
        campaign_name,
        utm_source,
        utm_medium,
        utm_campaign,
        ----------  merges and further addresses
        merged_lead_ids,
        -- Every key of the record's addresses in any version loaded (stg_leads__latest): its
        -- further addresses, its former main addresses, and its current one.
        version_email_keys as additional_email_keys,
        survivor_id as merged_into_lead_id,
        survivor_lead_email_key as survivor_email_key,
        ----------  conversion (where the lead went: its contact and its deal)
        converted_contact_id,
        converted_deal_id,
        ----------  timestamps
        created_at,
        -- Only the day is known (a file loaded before the flag existed: the time is).
        coalesce(created_at_time_unknown, false) as created_at_time_unknown,
        updated_at,
        ingested_at
    from resolved
    where survivor_id is not null
        or (naming = 'self' and is_current)

)

select * from renamed
