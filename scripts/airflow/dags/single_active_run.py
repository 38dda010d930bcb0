"""Hourly catchup over three hours with max_active_runs=1: runs happen strictly one after another."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="single_active_run",
    schedule="@hourly",
    start_date=pendulum.datetime(2026, 1, 2, 0, tz="UTC"),
    end_date=pendulum.datetime(2026, 1, 2, 3, tz="UTC"),
    catchup=True,
    max_active_runs=1,
    tags=["hourly", "catchup"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="step")
