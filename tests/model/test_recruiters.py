"""Recruiters fill the compounds' open orders, and no more."""

from __future__ import annotations

import numpy as np
import pytest

from model.agents import Recruiter
from model.agents.recruiter import allocate_recruits
from model.recruitment_market import compound_access


def test_recruiter_without_open_orders_recruits_nobody(make_model):
    model = make_model(seed=3)
    recruiter = next(iter(model.agents_by_type[Recruiter]))
    orders = np.zeros(len(model.compounds), dtype=np.int64)
    access = compound_access(model, recruiter.country)
    allocation = allocate_recruits(model.rng, 50, orders, access)
    assert allocation.sum() == 0 and len(allocation) == len(model.compounds)
    assert (orders == 0).all()
    assert recruiter.delivered_persons == 0 and recruiter.fees_usd == 0


def test_recruiter_fills_no_more_than_the_open_orders(make_model):
    model = make_model(seed=3)
    recruiter = next(iter(model.agents_by_type[Recruiter]))
    orders = np.zeros(len(model.compounds), dtype=np.int64)
    orders[[1, 4]] = [3, 2]
    access = compound_access(model, recruiter.country)
    allocation = allocate_recruits(model.rng, 100, orders, access)
    np.testing.assert_array_equal(allocation[[1, 4]], [3, 2])
    assert allocation.sum() == 5 and (orders == 0).all()
    persons = np.array([allocation.sum() * model.population_scale])
    model.recruiter_arrays.pay(np.array([recruiter.row]), persons, model.params.recruitment.fee_usd)
    assert recruiter.delivered_persons == 5 * model.population_scale
    assert recruiter.fees_usd == 5 * model.population_scale * model.params.recruitment.fee_usd

    orders[:] = 0
    orders[2] = 40
    allocation = allocate_recruits(model.rng, 7, orders, access)
    assert allocation[2] == 7 and allocation.sum() == 7 and orders[2] == 33


@pytest.mark.parametrize("market_capacity", [1.0, 1e7])
def test_compounds_at_capacity_order_nobody(make_model, market_capacity):
    """No turnover, no raids: only growth (room in the market) opens orders."""
    model = make_model(
        seed=4,
        victims__p_escape=0.0,
        victims__p_release=0.0,
        enforcement__raids_per_unit_week=0.0,
        compounds__market_capacity_persons=market_capacity,
    )
    assert (model.open_orders() == 0).all()
    start = model.victims.size
    for _ in range(8):
        model.step()
    recruited = model.recorder.timeseries().recruited
    assert model.recorder.timeseries().recruiters.min() > 0
    if market_capacity == 1.0:
        assert (recruited == 0).all()
        assert model.victims.size == start
        assert model.recorder.timeseries().compounds_active.eq(len(model.compounds)).all()
    else:
        assert recruited.sum() > 0
        assert model.victims.size > start
