"""Uses a provider package only the source has (apache-airflow-providers-sqlite): an import error on the target."""
import pendulum
from airflow.providers.sqlite.hooks.sqlite import SqliteHook
from airflow.sdk import DAG, task

with DAG(
    dag_id="uses_sqlite_provider",
    schedule="@daily",
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["daily", "provider"],
    doc_md=__doc__,
):

    @task
    def count_tables():
        return SqliteHook(sqlite_conn_id="sqlite_default").get_first("select count(*) from sqlite_master")[0]

    count_tables()
