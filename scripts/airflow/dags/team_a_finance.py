"""Owned by a team and tagged, the way batches are often chosen."""
import pendulum
from airflow.providers.standard.operators.empty import EmptyOperator
from airflow.sdk import DAG

with DAG(
    dag_id="team_a_finance",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"owner": "team-a"},
    tags=["team-a", "finance"],
    doc_md=__doc__,
):
    EmptyOperator(task_id="close_books")
