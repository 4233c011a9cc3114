-- Currencies in current deals or spend without a rate in cfg_fx_rates: a refresh check,
-- because a missing rate must never turn into a silent zero (SPEC §4.6).
with

currencies as (

    select currency, count(*) as count_rows, 'deals' as source_table
    from stg_deals
    where currency is not null
    group by currency
    union all
    select currency, count(*) as count_rows, 'spend' as source_table
    from stg_spend
    group by currency

)

select currencies.source_table, currencies.currency, currencies.count_rows
from currencies
left join cfg_fx_rates as fx
    on fx.currency = currencies.currency
where fx.currency is null
order by currencies.source_table, currencies.currency
