-- One row per person (int_persons__attributed) with the ad campaign its attributed lead names,
-- linked to the campaigns that have spend (docs/methodology.md, rule 7). The lead's fields
-- are tried in order: campaign_id, utm_campaign and campaign_name as an ad platform's campaign
-- id (exact, e.g. Google Ads' {campaignid} in utm_campaign), then campaign_name and utm_campaign
-- as a campaign name, normalized, against every name the campaign carried. A key that fits two
-- or more spend campaigns links none; if nothing else links, campaign_link says 'ambiguous'.
-- One pass: persons and spend campaigns are unioned and grouped by key in a window (no join
-- back), so Trino reads each upstream once, and the name rule below is written once.
with

persons as (

    select * from int_persons__attributed

),

spend as (

    select distinct platform, campaign_id, campaign_name from stg_spend

),

tries as (

    -- Try 0 keeps every person, with or without a campaign field.
    select try_rank, kind
    from (values (0, 'none'), (1, 'id'), (2, 'id'), (3, 'id'), (4, 'name'), (5, 'name')) as t(try_rank, kind)

),

kinds as (

    select kind from (values ('id'), ('name')) as t(kind)

),

refs as (

    select
        'lead' as side,
        persons.person_key,
        persons.email_key,
        persons.business_email_domain,
        persons.created_at,
        persons.created_at_time_unknown,
        persons.created_latest_at,
        persons.min_lead_id,
        persons.count_leads,
        persons.is_mql,
        persons.mql_since,
        persons.channel,
        persons.campaign_id,
        persons.campaign_name,
        persons.utm_campaign,
        persons.owner_id,
        tries.try_rank,
        tries.kind,
        case tries.try_rank
            when 1 then persons.campaign_id
            when 2 then persons.utm_campaign
            when 3 then persons.campaign_name
            when 4 then persons.campaign_name
            when 5 then persons.utm_campaign
        end as reference,
        cast(null as varchar) as spend_platform,
        cast(null as varchar) as spend_campaign_id
    from persons
    cross join tries

    union all

    select
        'spend' as side,
        cast(null as varchar) as person_key,
        cast(null as varchar) as email_key,
        cast(null as varchar) as business_email_domain,
        cast(null as timestamp) as created_at,
        cast(null as boolean) as created_at_time_unknown,
        cast(null as timestamp) as created_latest_at,
        cast(null as varchar) as min_lead_id,
        cast(null as bigint) as count_leads,
        cast(null as boolean) as is_mql,
        cast(null as timestamp) as mql_since,
        cast(null as varchar) as channel,
        cast(null as varchar) as campaign_id,
        cast(null as varchar) as campaign_name,
        cast(null as varchar) as utm_campaign,
        cast(null as varchar) as owner_id,
        cast(null as integer) as try_rank,
        kinds.kind,
        case when kinds.kind = 'id' then spend.campaign_id else spend.campaign_name end as reference,
        spend.platform as spend_platform,
        spend.campaign_id as spend_campaign_id
    from spend
    cross join kinds

),

keyed as (

    -- The normalized campaign name: lower-case, %20 read as a space, every run of characters
    -- that are neither letters nor digits (spaces, dashes of any kind, _, punctuation) one space.
    -- Ids are compared as written, trimmed. array_join is a DuckDB macro of Trino's function.
    select
        refs.*,
        case
            when refs.kind = 'id' then nullif(trim(refs.reference), '')
            when refs.kind = 'name' then nullif(
                array_join(
                    regexp_extract_all(lower(replace(refs.reference, '%20', ' ')), '[\p{L}\p{N}]+'),
                    ' '
                ),
                ''
            )
        end as match_key
    from refs
    where (refs.side = 'lead' and (refs.try_rank = 0 or refs.reference is not null))
        or (refs.side = 'spend' and refs.reference is not null)

),

owners as (

    -- The spend campaigns each key fits: one when lowest and highest agree.
    select
        keyed.*,
        min(keyed.spend_platform) over same_key as platform_low,
        max(keyed.spend_platform) over same_key as platform_high,
        min(keyed.spend_campaign_id) over same_key as campaign_low,
        max(keyed.spend_campaign_id) over same_key as campaign_high
    from keyed
    window same_key as (partition by keyed.kind, keyed.match_key)

),

states as (

    -- 0: links one campaign, 1: fits several (ambiguous), 2: fits none.
    select
        owners.*,
        case
            when owners.match_key is null or owners.kind = 'none' or owners.platform_low is null then 2
            when owners.platform_low <> owners.platform_high or owners.campaign_low <> owners.campaign_high then 1
            else 0
        end as link_state
    from owners
    where owners.side = 'lead'

),

ranked as (

    select
        states.*,
        row_number() over (partition by states.person_key order by states.link_state, states.try_rank) as link_rank
    from states

)

select
    person_key,
    email_key,
    business_email_domain,
    created_at,
    created_at_time_unknown,
    created_latest_at,
    min_lead_id,
    count_leads,
    is_mql,
    mql_since,
    channel,
    campaign_id,
    campaign_name,
    utm_campaign,
    owner_id,
    case when link_state = 0 then platform_low end as ad_platform,
    case when link_state = 0 then campaign_low end as ad_campaign_id,
    case link_state when 0 then kind when 1 then 'ambiguous' end as campaign_link,
    case when link_state < 2 then reference end as campaign_reference,
    case when link_state < 2 then match_key end as campaign_key
from ranked
where link_rank = 1
