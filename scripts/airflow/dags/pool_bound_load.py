"""Runs its task in the pool 'etl_pool': without that pool on the target the task waits forever."""
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG

with DAG(
    dag_id="pool_bound_load",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily", "pool"],
    doc_md=__doc__,
):
    BashOperator(task_id="load", bash_command="echo loading", pool="etl_pool")
