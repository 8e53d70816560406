"""Derived country scores: who is recruited, who hosts compounds, who is a transit hub.

Roles are never hard-coded lists. Each score is a documented function of the country table
(``model/data/countries.csv``, World Bank WDI and WGI 2022) and of the route graph:

* recruitment attractiveness, in (0, 1):
  ``logistic(w_u * z(youth unemployment) + w_i * z(-log GDP per capita PPP) + w_n * z(internet users))``
* host suitability, in (0, 1):
  ``logistic(w_r * z(-rule of law) + w_c * z(-control of corruption) + w_p * z(-political stability)
  + w_k * z(log(1 + air routes)) + w_n * z(internet users))``
* hub centrality, in [0, 1]: ``log(1 + international air routes) / max over the world``
* state capacity, in [0, 1]: ``(rule of law + 2.5) / 5`` (WGI estimates run from about -2.5 to 2.5)
* corruption, in [0, 1]: ``(2.5 - control of corruption) / 5``

``z`` standardises over the countries of the world, so scores are relative to that world.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.params import ScoreParams

WGI_HALF_RANGE = 2.5
"""Half-range of WGI estimates (standard-normal units; Kaufmann & Kraay, WGI 2024 update)."""


def zscore(values: np.ndarray) -> np.ndarray:
    """Standardise to mean 0 and standard deviation 1 (all zeros for a constant column)."""
    sd = values.std()
    return (values - values.mean()) / sd if sd > 0 else np.zeros_like(values)


def logistic(x: np.ndarray) -> np.ndarray:
    """The standard logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def recruitment_attractiveness(countries: pd.DataFrame, weights: ScoreParams) -> np.ndarray:
    """How attractive a country's people are to recruiters, in (0, 1)."""
    return logistic(
        weights.recruitment_youth_unemployment * zscore(countries.unemployment_youth_pct.to_numpy())
        + weights.recruitment_low_income * zscore(-np.log(countries.gdp_per_capita_ppp.to_numpy()))
        + weights.recruitment_internet * zscore(countries.internet_users_pct.to_numpy())
    )


def host_suitability(
    countries: pd.DataFrame, air_routes: np.ndarray, weights: ScoreParams
) -> np.ndarray:
    """How suitable a country is as a compound host, in (0, 1).

    Args:
        countries: the world's country table.
        air_routes: international airline routes per country (OpenFlights 2014), same order.
        weights: the score weights.
    """
    return logistic(
        weights.host_weak_rule_of_law * zscore(-countries.rule_of_law.to_numpy())
        + weights.host_corruption * zscore(-countries.control_of_corruption.to_numpy())
        + weights.host_instability * zscore(-countries.political_stability.to_numpy())
        + weights.host_connectivity * zscore(np.log1p(air_routes))
        + weights.host_internet * zscore(countries.internet_users_pct.to_numpy())
    )


def hub_centrality(air_routes: np.ndarray) -> np.ndarray:
    """How central a country is as a transit hub, in [0, 1], from its international air routes."""
    logged = np.log1p(air_routes)
    return logged / logged.max() if logged.max() > 0 else logged


def state_capacity(countries: pd.DataFrame) -> np.ndarray:
    """Enforcement capacity from the WGI rule of law, in [0, 1]."""
    return np.clip((countries.rule_of_law.to_numpy() + WGI_HALF_RANGE) / (2 * WGI_HALF_RANGE), 0, 1)


def corruption(countries: pd.DataFrame) -> np.ndarray:
    """Corruption from the WGI control of corruption, in [0, 1] (1 = most corrupt)."""
    cc = countries.control_of_corruption.to_numpy()
    return np.clip((WGI_HALF_RANGE - cc) / (2 * WGI_HALF_RANGE), 0, 1)
