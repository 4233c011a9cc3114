-- One row per deal: the latest version (SPEC §4.1), deleted deals dropped.
with

source as (

    select * from deals

),

versions as (

    select
        *,
        row_number() over (
            partition by source, deal_id
            order by coalesce(updated_at, cast(cast(dt as date) as timestamp) + interval '1' day) desc,
                dt desc, ingested_at desc, batch_id desc, batch_row desc
        ) as version_rank
    from source

),

renamed as (

    select
        ----------  ids
        source,
        deal_id,
        converted_from_lead_id,
        ----------  account
        name,
        account_name,
        regexp_replace(lower(trim(account_domain)), '^www\.', '') as account_domain,
        contact_emails,
        contact_email_keys,
        ----------  state
        stage,
        coalesce(is_closed, false) as is_closed,
        coalesce(is_won, false) as is_won,
        amount,
        currency,
        owner_id,
        pipeline,
        ----------  timestamps
        created_at,
        updated_at,
        closed_at,
        ingested_at
    from versions
    where version_rank = 1
        and coalesce(is_deleted, false) = false

)

select * from renamed
