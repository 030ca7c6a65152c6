"""Contains all the data models used in inputs/outputs"""

from .adherence_point import AdherencePoint
from .adherence_series import AdherenceSeries
from .admin_user_patch import AdminUserPatch
from .analysis import Analysis
from .analysis_kind import AnalysisKind
from .analysis_mode_type_0 import AnalysisModeType0
from .apple_sign_in_request import AppleSignInRequest
from .audio_item_patch import AudioItemPatch
from .audio_item_public import AudioItemPublic
from .audio_search_audio_kind_type_0 import AudioSearchAudioKindType0
from .audio_search_audio_mode_type_0 import AudioSearchAudioModeType0
from .audio_upload_audio_body import AudioUploadAudioBody
from .auth_forgot_password_response_auth_forgot_password import (
    AuthForgotPasswordResponseAuthForgotPassword,
)
from .auth_request_email_verification_response_auth_request_email_verification import (
    AuthRequestEmailVerificationResponseAuthRequestEmailVerification,
)
from .best_one_rep_max import BestOneRepMax
from .best_session_volume import BestSessionVolume
from .body_auth_token import BodyAuthToken
from .body_metric_public import BodyMetricPublic
from .body_metric_write import BodyMetricWrite
from .bpm_source import BpmSource
from .day_diet import DayDiet
from .delete_account_request import DeleteAccountRequest
from .design_file_public import DesignFilePublic
from .design_file_public_estimate_type_0 import DesignFilePublicEstimateType0
from .design_file_public_metadata_type_0 import DesignFilePublicMetadataType0
from .design_file_public_status import DesignFilePublicStatus
from .design_files_upload_file_body import DesignFilesUploadFileBody
from .diet_plan_create import DietPlanCreate
from .diet_plan_patch import DietPlanPatch
from .diet_plan_public import DietPlanPublic
from .diet_plan_summary import DietPlanSummary
from .draft_kind import DraftKind
from .draft_state import DraftState
from .email_verify_request import EmailVerifyRequest
from .energy_unit import EnergyUnit
from .entry_status import EntryStatus
from .exercise_target import ExerciseTarget
from .file_info import FileInfo
from .file_info_format import FileInfoFormat
from .file_progress import FileProgress
from .food_create import FoodCreate
from .food_log_create import FoodLogCreate
from .food_log_kind import FoodLogKind
from .food_log_patch import FoodLogPatch
from .food_log_public import FoodLogPublic
from .food_patch import FoodPatch
from .food_public import FoodPublic
from .heaviest_set import HeaviestSet
from .height_unit import HeightUnit
from .image_public import ImagePublic
from .item_status import ItemStatus
from .job_public import JobPublic
from .job_public_kind import JobPublicKind
from .job_public_result_type_0 import JobPublicResultType0
from .job_public_status import JobPublicStatus
from .job_summary import JobSummary
from .job_summary_kind import JobSummaryKind
from .job_summary_status import JobSummaryStatus
from .jwks import Jwks
from .jwks_keys_item import JwksKeysItem
from .laser_settings import LaserSettings
from .laser_settings_patch import LaserSettingsPatch
from .laser_type import LaserType
from .login_request import LoginRequest
from .logout_request import LogoutRequest
from .macro_targets import MacroTargets
from .nutrients import Nutrients
from .ocr_draft_public import OcrDraftPublic
from .ocr_draft_summary import OcrDraftSummary
from .ocr_list_jobs_kind_type_0 import OcrListJobsKindType0
from .ocr_list_jobs_status_type_0 import OcrListJobsStatusType0
from .ocr_upload_menu_body import OcrUploadMenuBody
from .ocr_upload_workout_body import OcrUploadWorkoutBody
from .page_audio_item_public import PageAudioItemPublic
from .page_body_metric_public import PageBodyMetricPublic
from .page_design_file_public import PageDesignFilePublic
from .page_diet_plan_summary import PageDietPlanSummary
from .page_food_log_public import PageFoodLogPublic
from .page_food_public import PageFoodPublic
from .page_job_summary import PageJobSummary
from .page_ocr_draft_summary import PageOcrDraftSummary
from .page_playlist_public import PagePlaylistPublic
from .page_program_public import PageProgramPublic
from .page_project_public import PageProjectPublic
from .page_run_summary import PageRunSummary
from .page_session_summary import PageSessionSummary
from .page_task_public import PageTaskPublic
from .page_track_public import PageTrackPublic
from .page_track_stats import PageTrackStats
from .page_user_public import PageUserPublic
from .password_change_request import PasswordChangeRequest
from .password_forgot_request import PasswordForgotRequest
from .password_reset_request import PasswordResetRequest
from .period_kind import PeriodKind
from .period_stats import PeriodStats
from .personal_record_public import PersonalRecordPublic
from .plan_item_in import PlanItemIn
from .plan_item_public import PlanItemPublic
from .plan_meal_in import PlanMealIn
from .plan_meal_public import PlanMealPublic
from .plan_ref import PlanRef
from .playlist_create import PlaylistCreate
from .playlist_detail import PlaylistDetail
from .playlist_entry import PlaylistEntry
from .playlist_public import PlaylistPublic
from .playlist_rename import PlaylistRename
from .playlist_track_add import PlaylistTrackAdd
from .playlist_track_move import PlaylistTrackMove
from .problem import Problem
from .problem_field_error import ProblemFieldError
from .profile_patch import ProfilePatch
from .program_create import ProgramCreate
from .program_create_split import ProgramCreateSplit
from .program_day import ProgramDay
from .program_public import ProgramPublic
from .program_public_split import ProgramPublicSplit
from .program_write import ProgramWrite
from .program_write_split import ProgramWriteSplit
from .progress import Progress
from .project_create import ProjectCreate
from .project_patch import ProjectPatch
from .project_public import ProjectPublic
from .read_line import ReadLine
from .refresh_request import RefreshRequest
from .register_request import RegisterRequest
from .role import Role
from .run_create import RunCreate
from .run_public import RunPublic
from .run_stats import RunStats
from .run_summary import RunSummary
from .segment_in import SegmentIn
from .segment_public import SegmentPublic
from .session_create import SessionCreate
from .session_patch import SessionPatch
from .session_public import SessionPublic
from .session_summary import SessionSummary
from .session_totals import SessionTotals
from .set_public import SetPublic
from .set_write import SetWrite
from .similar_item import SimilarItem
from .stats_period import StatsPeriod
from .task_create import TaskCreate
from .task_patch import TaskPatch
from .task_priority import TaskPriority
from .task_public import TaskPublic
from .task_status import TaskStatus
from .task_write import TaskWrite
from .timing import Timing
from .token_pair import TokenPair
from .track_in import TrackIn
from .track_list import TrackList
from .track_match import TrackMatch
from .track_matches import TrackMatches
from .track_public import TrackPublic
from .track_register import TrackRegister
from .track_stats import TrackStats
from .units import Units
from .user_public import UserPublic
from .volume_period import VolumePeriod
from .volume_series import VolumeSeries
from .waveform import Waveform
from .weekday import Weekday
from .weight_point import WeightPoint
from .weight_series import WeightSeries
from .weight_unit import WeightUnit

__all__ = (
    "AdherencePoint",
    "AdherenceSeries",
    "AdminUserPatch",
    "Analysis",
    "AnalysisKind",
    "AnalysisModeType0",
    "AppleSignInRequest",
    "AudioItemPatch",
    "AudioItemPublic",
    "AudioSearchAudioKindType0",
    "AudioSearchAudioModeType0",
    "AudioUploadAudioBody",
    "AuthForgotPasswordResponseAuthForgotPassword",
    "AuthRequestEmailVerificationResponseAuthRequestEmailVerification",
    "BestOneRepMax",
    "BestSessionVolume",
    "BodyAuthToken",
    "BodyMetricPublic",
    "BodyMetricWrite",
    "BpmSource",
    "DayDiet",
    "DeleteAccountRequest",
    "DesignFilePublic",
    "DesignFilePublicEstimateType0",
    "DesignFilePublicMetadataType0",
    "DesignFilePublicStatus",
    "DesignFilesUploadFileBody",
    "DietPlanCreate",
    "DietPlanPatch",
    "DietPlanPublic",
    "DietPlanSummary",
    "DraftKind",
    "DraftState",
    "EmailVerifyRequest",
    "EnergyUnit",
    "EntryStatus",
    "ExerciseTarget",
    "FileInfo",
    "FileInfoFormat",
    "FileProgress",
    "FoodCreate",
    "FoodLogCreate",
    "FoodLogKind",
    "FoodLogPatch",
    "FoodLogPublic",
    "FoodPatch",
    "FoodPublic",
    "HeaviestSet",
    "HeightUnit",
    "ImagePublic",
    "ItemStatus",
    "JobPublic",
    "JobPublicKind",
    "JobPublicResultType0",
    "JobPublicStatus",
    "JobSummary",
    "JobSummaryKind",
    "JobSummaryStatus",
    "Jwks",
    "JwksKeysItem",
    "LaserSettings",
    "LaserSettingsPatch",
    "LaserType",
    "LoginRequest",
    "LogoutRequest",
    "MacroTargets",
    "Nutrients",
    "OcrDraftPublic",
    "OcrDraftSummary",
    "OcrListJobsKindType0",
    "OcrListJobsStatusType0",
    "OcrUploadMenuBody",
    "OcrUploadWorkoutBody",
    "PageAudioItemPublic",
    "PageBodyMetricPublic",
    "PageDesignFilePublic",
    "PageDietPlanSummary",
    "PageFoodLogPublic",
    "PageFoodPublic",
    "PageJobSummary",
    "PageOcrDraftSummary",
    "PagePlaylistPublic",
    "PageProgramPublic",
    "PageProjectPublic",
    "PageRunSummary",
    "PageSessionSummary",
    "PageTaskPublic",
    "PageTrackPublic",
    "PageTrackStats",
    "PageUserPublic",
    "PasswordChangeRequest",
    "PasswordForgotRequest",
    "PasswordResetRequest",
    "PeriodKind",
    "PeriodStats",
    "PersonalRecordPublic",
    "PlanItemIn",
    "PlanItemPublic",
    "PlanMealIn",
    "PlanMealPublic",
    "PlanRef",
    "PlaylistCreate",
    "PlaylistDetail",
    "PlaylistEntry",
    "PlaylistPublic",
    "PlaylistRename",
    "PlaylistTrackAdd",
    "PlaylistTrackMove",
    "Problem",
    "ProblemFieldError",
    "ProfilePatch",
    "ProgramCreate",
    "ProgramCreateSplit",
    "ProgramDay",
    "ProgramPublic",
    "ProgramPublicSplit",
    "ProgramWrite",
    "ProgramWriteSplit",
    "Progress",
    "ProjectCreate",
    "ProjectPatch",
    "ProjectPublic",
    "ReadLine",
    "RefreshRequest",
    "RegisterRequest",
    "Role",
    "RunCreate",
    "RunPublic",
    "RunStats",
    "RunSummary",
    "SegmentIn",
    "SegmentPublic",
    "SessionCreate",
    "SessionPatch",
    "SessionPublic",
    "SessionSummary",
    "SessionTotals",
    "SetPublic",
    "SetWrite",
    "SimilarItem",
    "StatsPeriod",
    "TaskCreate",
    "TaskPatch",
    "TaskPriority",
    "TaskPublic",
    "TaskStatus",
    "TaskWrite",
    "Timing",
    "TokenPair",
    "TrackIn",
    "TrackList",
    "TrackMatch",
    "TrackMatches",
    "TrackPublic",
    "TrackRegister",
    "TrackStats",
    "Units",
    "UserPublic",
    "VolumePeriod",
    "VolumeSeries",
    "Waveform",
    "Weekday",
    "WeightPoint",
    "WeightSeries",
    "WeightUnit",
)
