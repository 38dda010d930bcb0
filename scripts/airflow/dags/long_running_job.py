"""Triggered by hand; its task sleeps for params.seconds, so a run stays 'running' during a cutover."""
import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, Param

with DAG(
    dag_id="long_running_job",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    params={"seconds": Param(600, type="integer", minimum=1)},
    tags=["manual", "long"],
    doc_md=__doc__,
):
    BashOperator(task_id="work", bash_command="sleep {{ params.seconds }}")
