-- One row per person (int_persons__attributed) with the ad campaign its attributed lead names,
-- linked to the campaigns that have spend (docs/methodology.md, rule 7). The lead's fields
-- are tried in order: campaign_id, utm_campaign and campaign_name as an ad platform's campaign
-- id (exact, e.g. Google Ads' {campaignid} in utm_campaign), then campaign_name and utm_campaign
-- as a campaign name, normalized, against every name the campaign carried. A key that fits two
-- or more spend campaigns links none; if nothing else links, campaign_link says 'ambiguous'.
-- One pass: persons and spend campaigns are unioned and grouped by key in a window (no join
-- back), so Trino reads each upstream once (only the distinct references holding a '%' are read
-- again, to percent-decode them), and the reference rule below is written once for both sides.
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

encoded as (

    -- The references holding a '%': split into runs of percent-encoded UTF-8 characters (each
    -- a valid sequence: no overlong form, surrogate or code point past U+10FFFF; no control
    -- character), a lone '%', and runs of anything else. Only the first kind is decoded, so an
    -- invalid sequence (`%C3x`, `50%`) stays as written, and '+' is never read as a space.
    select distinct reference from refs where strpos(reference, '%') > 0

),

decoded as (

    select
        encoded.reference,
        array_join(
            array_agg(case when length(parts.part) >= 3 and substr(parts.part, 1, 1) = '%'
                then url_decode(parts.part) else parts.part end order by parts.position),
            ''
        ) as readable
    from encoded
    cross join unnest(regexp_extract_all(encoded.reference, '(?:%[2-7][0-9A-Fa-f]|%[Cc][2-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Dd][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee]0%[ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][1-9A-Ca-cEeFf]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][Dd]%[89][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff]0%[9ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff][1-3]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff]4%8[0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f])+|%|[^%]+')) with ordinality as parts(part, position)
    group by encoded.reference

),

readable as (

    -- One rule for both sides, lead references and spend campaigns (docs/methodology.md, rule 7):
    -- percent-decoded as above, then Unicode NFC (a decomposed accent, as macOS and some form
    -- tools write it, is the same text). normalize is Trino's NFC (a DuckDB macro).
    select
        refs.*,
        normalize(coalesce(decoded.readable, refs.reference)) as readable_reference
    from refs
    left join decoded
        on decoded.reference = refs.reference

),

keyed as (

    -- The normalized campaign name: the readable reference lower-case, every run of characters
    -- that are neither letters, marks nor digits (spaces, dashes of any kind, _, '+',
    -- punctuation) one space. Ids are compared readable, trimmed. array_join is a DuckDB macro of
    -- Trino's function.
    select
        readable.*,
        case
            when readable.kind = 'id' then nullif(trim(readable.readable_reference), '')
            when readable.kind = 'name' then nullif(
                array_join(
                    regexp_extract_all(lower(readable.readable_reference), '[\p{L}\p{M}\p{N}]+'),
                    ' '
                ),
                ''
            )
        end as match_key
    from readable
    where (readable.side = 'lead' and (readable.try_rank = 0 or readable.reference is not null))
        or (readable.side = 'spend' and readable.reference is not null)

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
        -- A person that links nothing keeps the first value its lead names (try 1 before try 0).
        row_number() over (
            partition by states.person_key
            order by states.link_state, case when states.reference is null then 1 else 0 end, states.try_rank
        ) as link_rank
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
    reference as campaign_reference,
    case when link_state < 2 then match_key end as campaign_key
from ranked
where link_rank = 1
